#!/usr/bin/env python3
"""dump-guest-memory throughput: qmpd against the real QEMU on this machine.

Starts qmpd (bin/qmpd of a built distribution) and qemu-system-x86_64 with the same RAM
size, both paused (-S) so that no guest code runs, fills part of guest RAM with the same
non-zero bytes in both (qmpd: x-guest-memory-write; QEMU: the generic loader device, which
copies a file into guest RAM at reset; Debian's QEMU has no qtest accelerator), then times dump-guest-memory in ELF and kdump-zlib formats, each a few times,
and prints the best time of each and the ratio qemu/qmpd (above 1: qmpd is faster).

Usage: bench/machine/dump_bench.py [QMPD_HOME] [RAM_MIB] [FILLED_MIB]
"""
import base64, json, os, shutil, socket, subprocess, sys, tempfile, time

QMPD_HOME = sys.argv[1] if len(sys.argv) > 1 else "launcher/target/qmpd"
RAM_MIB = int(sys.argv[2]) if len(sys.argv) > 2 else 1024
FILLED_MIB = int(sys.argv[3]) if len(sys.argv) > 3 else 64
ROUNDS = 3


class Qmp:
    def __init__(self, path):
        for _ in range(200):
            try:
                self.s = socket.socket(socket.AF_UNIX)
                self.s.connect(path)
                break
            except OSError:
                time.sleep(0.05)
        self.f = self.s.makefile("rb")
        self.f.readline()
        self.cmd("qmp_capabilities")

    def cmd(self, name, **args):
        self.s.sendall(json.dumps({"execute": name, "arguments": args}).encode())
        while True:
            r = json.loads(self.f.readline())
            if "event" not in r:
                if "error" in r:
                    raise RuntimeError(name + ": " + r["error"]["desc"])
                return r["return"]


def pattern(i):
    return bytes(((i * 131 + j * 7) & 0xFF) for j in range(65536))


def fill_qmpd(qmp):
    for i in range(FILLED_MIB * 16):
        qmp.cmd("x-guest-memory-write", addr=i * 65536, data=base64.b64encode(pattern(i)).decode())


def blob(path):
    with open(path, "wb") as f:
        for i in range(FILLED_MIB * 16):
            f.write(pattern(i))


def best(qmp, out, fmt):
    times = []
    for r in range(ROUNDS):
        path = os.path.join(out, "%s.%d" % (fmt, r))
        t = time.perf_counter()
        qmp.cmd("dump-guest-memory", paging=False, protocol="file:" + path, format=fmt)
        times.append(time.perf_counter() - t)
        os.unlink(path)
    return min(times)


def main():
    tmp = tempfile.mkdtemp(prefix="dump-bench-")
    procs = []
    try:
        qsock = os.path.join(tmp, "qmpd.sock")
        procs.append(subprocess.Popen([os.path.join(QMPD_HOME, "bin/qmpd"), "-S", "-m", str(RAM_MIB),
                                       "-qmp", "unix:%s,server=on,wait=off" % qsock], stdout=subprocess.DEVNULL))
        esock = os.path.join(tmp, "qemu.sock")
        data = os.path.join(tmp, "ram.bin")
        blob(data)
        procs.append(subprocess.Popen(["qemu-system-x86_64", "-S", "-m", str(RAM_MIB), "-display", "none",
                                       "-nodefaults", "-device", "loader,file=%s,addr=0x0,force-raw=on" % data,
                                       "-qmp", "unix:%s,server=on,wait=off" % esock], stdout=subprocess.DEVNULL))
        qmpd, qemu = Qmp(qsock), Qmp(esock)
        fill_qmpd(qmpd)
        print("guest RAM %d MiB, %d MiB of it written, best of %d" % (RAM_MIB, FILLED_MIB, ROUNDS))
        for fmt in ("elf", "kdump-zlib"):
            a = best(qmpd, tmp, fmt)
            b = best(qemu, tmp, fmt)
            print("%-11s qmpd %7.3f s  qemu %7.3f s  ratio qemu/qmpd %.2f" % (fmt, a, b, b / a))
    finally:
        for p in procs:
            p.terminate()
            p.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
