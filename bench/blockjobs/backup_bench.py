#!/usr/bin/env python3
"""The block-jobs benchmark: qmpd's drive-backup against QEMU 7.2's (qemu-storage-daemon) on
the same images, in the same run.

  - full backup of a 1 GiB image of random data, qcow2 -> qcow2 and raw -> raw (MiB/s, from
    the command to BLOCK_JOB_COMPLETED), with `cp` of the raw file as the ceiling;
  - incremental backup of 32, 128 and 512 MiB of dirty data (seconds, and the line through
    them: a fixed cost plus a cost per dirty MiB; the time should follow the dirty data, not
    the disk size);
  - 4 KiB random writes from an NBD client (bench/src/.../blockjobs/WriteTimeline.java, one
    connection, QD in flight), with no backup, then counted over the lifetime of a full backup
    started while they run: at full speed, and paced to take half the run (IOPS).

Both servers run at once, each on its own copy of the images in WORK (a tmpfs by default,
so that the figures measure the servers rather than the disk); every measurement alternates
between them RUNS times and keeps the best, so that a busy moment on a shared machine does
not count against one of them only.

Usage: bench/blockjobs/run.sh   (QMPD_DIST, WORK, RUNS=3, SECS=5, MIB=1024, QD=32)
"""
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DIST = os.environ.get("QMPD_DIST", os.path.join(ROOT, "launcher/target/qmpd"))
WORK = os.environ["WORK"]
RUNS = int(os.environ.get("RUNS", "3"))
SECS = float(os.environ.get("SECS", "5"))
MIB = int(os.environ.get("MIB", "1024"))
QD = int(os.environ.get("QD", "32"))
SIZES = (32, 128, 512)
LOAD_SRC = os.path.join(ROOT, "bench/src/main/java/org/qmpd/bench/blockjobs/WriteTimeline.java")


def log(*a):
    print(*a, file=sys.stderr, flush=True)


class Qmp:
    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX)
        self.s.connect(path)
        self.f = self.s.makefile("rwb")
        self.events = []
        self.f.readline()
        self.ok("qmp_capabilities")

    def cmd(self, _command, **args):
        msg = {"execute": _command}
        if args:
            msg["arguments"] = {k.replace("_", "-"): v for k, v in args.items()}
        self.f.write(json.dumps(msg).encode())
        self.f.flush()
        while True:
            r = json.loads(self.f.readline())
            if "event" in r:
                self.events.append(r)
                continue
            return r

    def ok(self, _command, **args):
        r = self.cmd(_command, **args)
        if "return" not in r:
            raise RuntimeError("%s %s: %s" % (_command, args, r))
        return r["return"]

    def event(self, names):
        while True:
            for e in self.events:
                if e["event"] in names:
                    self.events.remove(e)
                    return e
            self.events.append(json.loads(self.f.readline()))

    def close(self):
        self.s.close()


def wait_for(path):
    for _ in range(600):
        if os.path.exists(path):
            return
        time.sleep(0.05)
    raise RuntimeError("no socket " + path)


class Server:
    """One server with drives `raw` and `qcow2` (its own copies of the images) and an NBD export of each."""

    def __init__(self, kind):
        self.kind = kind
        self.qmp_sock = os.path.join(WORK, kind + "-qmp.sock")
        self.nbd_sock = os.path.join(WORK, kind + "-nbd.sock")
        for p in (self.qmp_sock, self.nbd_sock):
            if os.path.exists(p):
                os.unlink(p)
        raw, qcow2 = os.path.join(WORK, kind + ".raw"), os.path.join(WORK, kind + ".qcow2")
        shutil.copyfile(os.path.join(WORK, "src.raw"), raw)
        shutil.copyfile(os.path.join(WORK, "src.qcow2"), qcow2)
        out = open(os.path.join(WORK, kind + ".log"), "w")
        if kind == "qmpd":
            self.p = subprocess.Popen([os.path.join(DIST, "bin/qmpd"), "-qmp", "unix:%s,server=on,wait=off" % self.qmp_sock,
                                       "-drive", "file=%s,if=none,id=raw,format=raw" % raw,
                                       "-drive", "file=%s,if=none,id=qcow2,format=qcow2" % qcow2], stdout=out, stderr=out)
            wait_for(self.qmp_sock)
            self.q = Qmp(self.qmp_sock)
            self.q.ok("nbd-server-start", addr={"type": "unix", "data": {"path": self.nbd_sock}})
            for d in ("raw", "qcow2"):
                self.q.ok("nbd-server-add", device=d, writable=True)
        else:
            self.p = subprocess.Popen(["qemu-storage-daemon",
                                       "--blockdev", "driver=file,filename=%s,node-name=rawfile" % raw,
                                       "--blockdev", "driver=raw,file=rawfile,node-name=raw",
                                       "--blockdev", "driver=file,filename=%s,node-name=qcow2file" % qcow2,
                                       "--blockdev", "driver=qcow2,file=qcow2file,node-name=qcow2",
                                       "--nbd-server", "addr.type=unix,addr.path=%s" % self.nbd_sock,
                                       "--export", "type=nbd,id=e1,node-name=raw,name=raw,writable=on",
                                       "--export", "type=nbd,id=e2,node-name=qcow2,name=qcow2,writable=on",
                                       "--chardev", "socket,path=%s,server=on,wait=off,id=mon" % self.qmp_sock,
                                       "--monitor", "chardev=mon"], stdout=out, stderr=out)
            wait_for(self.qmp_sock)
            wait_for(self.nbd_sock)
            self.q = Qmp(self.qmp_sock)
        self.jobs = 0

    def backup(self, device, **args):
        """Starts drive-backup (2.4's arguments; 7.2 also wants a job-id); returns the job's name."""
        args = dict(args, device=device)
        if self.kind == "qsd":
            self.jobs += 1
            args["job-id"] = "job%d" % self.jobs
        self.q.ok("drive-backup", **args)
        return args.get("job-id", device)

    def wait(self):
        e = self.q.event(("BLOCK_JOB_COMPLETED", "BLOCK_JOB_CANCELLED"))
        if e["data"].get("error"):
            raise RuntimeError("backup failed: %s" % e)
        return e

    def cancel(self, job):
        self.q.ok("block-job-cancel", device=job)
        self.q.event(("BLOCK_JOB_COMPLETED", "BLOCK_JOB_CANCELLED"))

    def stop(self):
        self.q.close()
        self.p.terminate()
        self.p.wait()
        for f in ("raw", "qcow2"):
            rm(os.path.join(WORK, "%s.%s" % (self.kind, f)))


def rm(path):
    if os.path.exists(path):
        os.unlink(path)


def full_backup(server, device, fmt):
    """MiB/s of one full backup of `device` to a new image in `fmt`."""
    target = os.path.join(WORK, "%s-target.%s" % (server.kind, fmt))
    rm(target)
    t0 = time.monotonic()
    server.backup(device, sync="full", target=target, format=fmt)
    server.wait()
    rate = MIB / (time.monotonic() - t0)
    rm(target)
    return rate


def cp_rate():
    target = os.path.join(WORK, "cp.raw")
    rm(target)
    t0 = time.monotonic()
    subprocess.check_call(["cp", os.path.join(WORK, "src.raw"), target])
    rate = MIB / (time.monotonic() - t0)
    rm(target)
    return rate


def dirty(server, mib, seed):
    """Writes `mib` MiB over NBD to the qcow2 export, as distinct random 1 MiB chunks."""
    offsets = random.Random(seed).sample(range(MIB), mib)
    cmds = []
    for off in offsets:
        cmds += ["-c", "write -P 0x%02x %dM 1M" % (seed & 0xff, off)]
    subprocess.check_call(["qemu-io", "-f", "raw"] + cmds + ["nbd+unix:///qcow2?socket=" + server.nbd_sock],
                          stdout=subprocess.DEVNULL)


def incremental(server, mib, seed):
    """Seconds of an incremental backup of `mib` MiB of dirty data (with a fresh bitmap)."""
    server.q.ok("block-dirty-bitmap-add", node="qcow2", name="inc")
    dirty(server, mib, seed)
    target = os.path.join(WORK, server.kind + "-inc.qcow2")
    rm(target)
    subprocess.check_call(["qemu-img", "create", "-q", "-f", "qcow2", target, "%dM" % MIB])
    t0 = time.monotonic()
    server.backup("qcow2", sync="incremental", bitmap="inc", target=target, format="qcow2", mode="existing")
    server.wait()
    seconds = time.monotonic() - t0
    server.q.ok("block-dirty-bitmap-remove", node="qcow2", name="inc")
    rm(target)
    return seconds


def timeline(server, classes, secs):
    """Starts the NBD writer; returns the process (see WriteTimeline.java)."""
    return subprocess.Popen(["java", "-cp", classes, "org.qmpd.bench.blockjobs.WriteTimeline", server.nbd_sock, "qcow2",
                             "4096", str(QD), str(secs)], stdout=subprocess.PIPE)


def rate(proc, a, b):
    """IOPS of a finished writer between monotonic times a and b (seconds), and the window's length."""
    lines = proc.communicate()[0].decode().split("\n")
    start = int(lines[0].split()[1]) / 1e9
    counts = [int(c) for c in lines[1].split()]
    i0 = max(0, int((a - start) * 100))
    i1 = min(len(counts), int((b - start) * 100))
    if i1 <= i0:
        return 0.0, 0.0
    return sum(counts[i0:i1]) / ((i1 - i0) / 100.0), (i1 - i0) / 100.0


def iops_without(server, classes):
    t0 = time.monotonic()
    p = timeline(server, classes, SECS)
    p.wait()
    return rate(p, t0 + 1.0, t0 + SECS)


def iops_during(server, classes, speed):
    """IOPS counted over the lifetime of a full backup started 1.5 s into the writes."""
    target = os.path.join(WORK, server.kind + "-during.qcow2")
    rm(target)
    p = timeline(server, classes, SECS)
    time.sleep(1.5)
    a = time.monotonic()
    args = dict(sync="full", target=target, format="qcow2")
    if speed:
        args["speed"] = speed
    server.backup("qcow2", **args)
    server.wait()
    b = time.monotonic()
    rm(target)
    return rate(p, a, b)


def main():
    os.makedirs(WORK, exist_ok=True)
    src = os.path.join(WORK, "src.raw")
    if not os.path.exists(src):
        log("# making %d MiB of random data in %s" % (MIB, WORK))
        with open("/dev/urandom", "rb") as r, open(src, "wb") as w:
            for _ in range(MIB):
                w.write(r.read(1 << 20))
    qcow2 = os.path.join(WORK, "src.qcow2")
    rm(qcow2)
    subprocess.check_call(["qemu-img", "convert", "-f", "raw", "-O", "qcow2", src, qcow2])
    classes = os.path.join(WORK, "classes")
    os.makedirs(classes, exist_ok=True)
    subprocess.check_call(["javac", "-d", classes, LOAD_SRC])

    kinds = ("qmpd", "qsd")
    servers = {}
    best = {}

    def keep(key, value, better=max):
        best[key] = value if key not in best else better(best[key], value)

    try:
        for k in kinds:
            servers[k] = Server(k)
        # Each measurement alternates between the servers, RUNS times, and keeps the best,
        # so that a busy moment on the machine does not count against one of them only.
        for run in range(RUNS):
            keep("cp", cp_rate())
            for k in kinds:
                for f in ("qcow2", "raw"):
                    keep((k, f), full_backup(servers[k], f, f))
            log("# run %d: full backups %s" % (run, {key: round(v) for key, v in best.items()}))
        for mib in SIZES:
            for run in range(RUNS):
                for k in kinds:
                    keep((k, "inc", mib), incremental(servers[k], mib, 17 + run), min)
        log("# incremental %s" % {key: round(v, 3) for key, v in best.items() if "inc" in key})
        for run in range(RUNS):
            for k in kinds:
                keep((k, "iops0"), iops_without(servers[k], classes))
                keep((k, "iops1"), iops_during(servers[k], classes, 0))
                keep((k, "iops2"), iops_during(servers[k], classes, int(MIB * 1048576 / (SECS / 2))))
        log("# iops %s" % {key: v for key, v in best.items() if "iops" in key[1]})
    finally:
        for s in servers.values():
            s.stop()
    report(best)


def report(best):
    def row(label, a, b, fmt="%12.0f"):
        print(("%-46s " + fmt + " " + fmt + " %8.2f") % (label, a, b, a / b))

    print("%-46s %12s %12s %8s" % ("test (best of %d, interleaved)" % RUNS, "qmpd", "qemu-7.2", "ratio"))
    row("full backup qcow2->qcow2, MiB/s", best["qmpd", "qcow2"], best["qsd", "qcow2"])
    row("full backup raw->raw, MiB/s", best["qmpd", "raw"], best["qsd", "raw"])
    print("%-46s %12.0f" % ("cp of the raw file (the ceiling), MiB/s", best["cp"]))
    for mib in SIZES:
        row("incremental, %d MiB dirty, seconds" % mib, best["qmpd", "inc", mib], best["qsd", "inc", mib], "%12.3f")
    for k in ("qmpd", "qsd"):
        xs = list(SIZES)
        ys = [best[k, "inc", m] for m in SIZES]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        print("%-46s %.3f s + %.2f ms/MiB (%.0f MiB/s)" % ("%s incremental: fixed + per dirty MiB" % k, my - slope * mx,
                                                        slope * 1000, 1 / slope if slope > 0 else 0))
    row("4k random write IOPS qd%d, no backup" % QD, best["qmpd", "iops0"][0], best["qsd", "iops0"][0])
    for key, what in (("iops1", "at full speed"), ("iops2", "paced to %.0f s" % (SECS / 2))):
        q, s = best["qmpd", key], best["qsd", key]
        row("  during a backup %s" % what, q[0], s[0])
        print("%-46s %12.2f %12.2f" % ("    / no backup (job lasted %.1f s / %.1f s)" % (q[1], s[1]),
                                      q[0] / best["qmpd", "iops0"][0], s[0] / best["qsd", "iops0"][0]))


if __name__ == "__main__":
    main()
