/*
 * qmpd's one piece of native code: receiving file descriptors passed over a unix socket with
 * SCM_RIGHTS (QMP's getfd), which Java's socket channels cannot do, and closing them.
 * Built by the core module's Maven build with gcc; see org.qmpd.core.fd.NativeFds.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <jni.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_FDS 16

/*
 * Reads up to len bytes from the socket sock into buf[off..], like read(2), and stores the
 * descriptors that came with them in fds: fds[0] is their number, fds[1..] the descriptors.
 * Returns the number of bytes read, 0 at end of stream, or -errno.
 */
JNIEXPORT jint JNICALL Java_org_qmpd_core_fd_NativeFds_recv(JNIEnv *env, jclass cls, jint sock,
        jbyteArray buf, jint off, jint len, jintArray fds)
{
    char control[CMSG_SPACE(MAX_FDS * sizeof(int))];
    char stack[65536];
    struct iovec iov;
    struct msghdr msg;
    struct cmsghdr *cmsg;
    jint out[MAX_FDS + 1];
    ssize_t n;

    if (len > (jint) sizeof(stack)) {
        len = sizeof(stack);
    }
    iov.iov_base = stack;
    iov.iov_len = len;
    memset(&msg, 0, sizeof(msg));
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    do {
        n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        return -errno;
    }
    out[0] = 0;
    for (cmsg = CMSG_FIRSTHDR(&msg); cmsg != NULL; cmsg = CMSG_NXTHDR(&msg, cmsg)) {
        if (cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_RIGHTS) {
            int count = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            int *received = (int *) CMSG_DATA(cmsg);
            for (int i = 0; i < count; i++) {
                if (out[0] < MAX_FDS) {
                    out[++out[0]] = received[i];
                } else {
                    close(received[i]);
                }
            }
        }
    }
    (*env)->SetIntArrayRegion(env, fds, 0, out[0] + 1, out);
    if (n > 0) {
        (*env)->SetByteArrayRegion(env, buf, off, (jsize) n, (jbyte *) stack);
    }
    return (jint) n;
}

JNIEXPORT jint JNICALL Java_org_qmpd_core_fd_NativeFds_close(JNIEnv *env, jclass cls, jint fd)
{
    return close(fd) == 0 ? 0 : -errno;
}
