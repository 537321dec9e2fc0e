#!/usr/bin/env python3
"""Live migration speed: qmpd against the real QEMU 7.2 on this machine, in the same run.

Each scenario migrates the same amount of guest RAM between two processes over 127.0.0.1 with
no bandwidth cap (qmpd: migrate_set_speed 0; QEMU: max-bandwidth 0) and reads the source's
query-migrate when it says completed. Times are the source's own total-time (ms, from migrate
to completion); wall times (migrate sent to completed seen, polled every 10 ms) are printed
beside them. A ratio is qmpd/QEMU: below 1, qmpd is faster.

How the guest RAM is filled:
  QEMU  -M none -m SIZE -S: no guest code runs. Random RAM comes from the generic loader
        (-device loader,file=RANDOM,addr=0,force-raw=on), which copies a file of SIZE bytes
        from /dev/urandom into guest RAM at reset; zero RAM is QEMU's fresh RAM.
        Text RAM (compressible) is loaded the same way from a file of 128-byte lines of words
        drawn from the workload's own word list.
  qmpd  -m SIZE: random RAM is written by the built-in guest workload (x-guest-workload,
        pattern sequential, which gives every page random bytes in address order) until every
        page has been written once, then the workload stops; text RAM likewise with pattern
        sequential-text (whole pages of such lines); zero RAM is fresh RAM.
Both processes of a pair start with the same options; the destination waits with -incoming
(QEMU: defer, then migrate-incoming, so that capabilities can be set first).

Scenarios (targets from issue 5):
  random        SIZE of random RAM, no capability              qmpd <= 0.7 x QEMU
  compress-N    the same with compress, N compress/decompress threads (QEMU at 2 threads)
                                                               qmpd <= 0.25 x QEMU, scaling with N
  compress-text-N  SIZE of text RAM with compress, N threads (QEMU at 2 threads): where the
                time goes to deflate, so the run shows how compression scales with N
  zero-compress SIZE of zero RAM with compress                 qmpd < 100 ms
  downtime      qmpd only: SIZE of random RAM while the workload dirties 50 MiB/s of it
                (pattern random), default downtime limit (300 ms): downtime <= limit

Usage: bench/migration/migration_bench.py [--dist DIR] [--size MiB] [--rounds N] [SCENARIO...]
"""
import argparse, json, os, socket, subprocess, sys, tempfile, time

PAGE = 4096
# the guest workload's word list (migration/.../workload/PageFiller.java)
WORDS = ("the of and to in is was that for on with as by at from his it an were are which this "
         "be or has had not but first one their its new after who they have her she two been other when there all "
         "during into school time may years more most only over city some world would where later up such used many "
         "can state about national out known university united then made migration memory page guest block device").split()
LINE = 128


def text_block(rng, size):
    """size bytes of LINE-byte lines of random words, as the workload's text patterns write."""
    out = bytearray()
    while len(out) < size:
        line = ""
        while len(line) < LINE - 1:
            line += rng.choice(WORDS) + " "
        out += (line[:LINE - 1] + "\n").encode("ascii")
    return bytes(out[:size])


class Qmp:
    """A QMP client on a unix socket; events are kept aside."""

    def __init__(self, path, proc):
        deadline = time.time() + 60
        while True:
            try:
                self.s = socket.socket(socket.AF_UNIX)
                self.s.connect(path)
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError("no QMP socket at " + path)
                time.sleep(0.05)
        self.f = self.s.makefile("rb")
        self.f.readline()
        self.events = []
        self.cmd("qmp_capabilities")

    def cmd(self, name, **args):
        self.s.sendall(json.dumps({"execute": name, "arguments": args}).encode())
        while True:
            r = json.loads(self.f.readline())
            if "event" in r:
                self.events.append(r)
                continue
            if "error" in r:
                raise RuntimeError(name + ": " + r["error"]["desc"])
            return r["return"]


class Vm:
    def __init__(self, argv, sock):
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.qmp = Qmp(sock, self.proc)

    def close(self):
        try:
            self.qmp.cmd("quit")
        except Exception:
            pass
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_pair(kind, args, tmp, size_mib, fill_file=None):
    n = len(os.listdir(tmp))
    src_sock, dst_sock = os.path.join(tmp, "src%d.sock" % n), os.path.join(tmp, "dst%d.sock" % n)
    if kind == "qemu":
        base = ["qemu-system-x86_64", "-M", "none", "-m", "%dM" % size_mib, "-display", "none",
                "-nodefaults", "-S"]
        src_argv = base + ["-qmp", "unix:%s,server=on,wait=off" % src_sock]
        if fill_file:
            src_argv += ["-device", "loader,file=%s,addr=0,force-raw=on" % fill_file]
        dst_argv = base + ["-qmp", "unix:%s,server=on,wait=off" % dst_sock, "-incoming", "defer"]
    else:
        qmpd = os.path.join(args.dist, "bin", "qmpd")
        base = [qmpd, "-m", "%dM" % size_mib]
        src_argv = base + ["-qmp", "unix:%s,server=on,wait=off" % src_sock]
        dst_argv = base + ["-qmp", "unix:%s,server=on,wait=off" % dst_sock, "-incoming", "defer"]
    src, dst = Vm(src_argv, src_sock), Vm(dst_argv, dst_sock)
    return src, dst


def fill_qmpd(src, size_mib, pattern="sequential"):
    pages = size_mib * 1024 * 1024 // PAGE
    src.qmp.cmd("x-guest-workload", action="start", rate=8 << 30, pattern=pattern)
    while src.qmp.cmd("x-query-guest-workload")["pages-written"] < pages:
        time.sleep(0.05)
    src.qmp.cmd("x-guest-workload", action="stop")


def migrate(kind, src, dst, caps, threads, workload=None):
    port = free_port()
    for vm in (src, dst):
        vm.qmp.cmd("migrate-set-capabilities", capabilities=[{"capability": c, "state": True} for c in caps])
        if threads:
            vm.qmp.cmd("migrate-set-parameters", **{"compress-threads": threads, "decompress-threads": threads})
    if kind == "qemu":
        src.qmp.cmd("migrate-set-parameters", **{"max-bandwidth": 0})
    else:
        src.qmp.cmd("migrate_set_speed", value=0)
    dst.qmp.cmd("migrate-incoming", uri="tcp:127.0.0.1:%d" % port)
    # as management software does before it migrates (and as the transcripts show): this also
    # means neither side's first query-migrate answer is part of the timed migration
    src.qmp.cmd("query-migrate")
    if workload:
        src.qmp.cmd("x-guest-workload", action="start", **workload)
    t0 = time.time()
    src.qmp.cmd("migrate", uri="tcp:127.0.0.1:%d" % port)
    while True:
        info = src.qmp.cmd("query-migrate")
        if info.get("status") in ("completed", "failed", "cancelled"):
            break
        time.sleep(0.01)
    wall = time.time() - t0
    if info["status"] != "completed":
        raise RuntimeError("%s migration %s" % (kind, info["status"]))
    return info, wall


def run(kind, scenario, args, tmp, rand_file, text_file):
    size = args.size
    caps, threads, workload, fill = [], None, None, True
    text = scenario.startswith("compress-text-")
    if text:
        caps, threads = ["compress"], int(scenario.split("-")[2])
    elif scenario.startswith("compress-"):
        caps, threads = ["compress"], int(scenario.split("-")[1])
    elif scenario == "zero-compress":
        caps, threads, fill = ["compress"], 2, False
    elif scenario == "downtime":
        workload = {"rate": 50 << 20, "pattern": "random"}
    fill_file = (text_file if text else rand_file) if (fill and kind == "qemu") else None
    src, dst = start_pair(kind, args, tmp, size, fill_file)
    try:
        if fill and kind == "qmpd":
            fill_qmpd(src, size, "sequential-text" if text else "sequential")
        info, wall = migrate(kind, src, dst, caps, threads, workload)
        return info, wall
    finally:
        src.close()
        dst.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dist", default="launcher/target/qmpd")
    ap.add_argument("--size", type=int, default=1024, help="guest RAM in MiB")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("scenarios", nargs="*",
                    default=["random", "compress-1", "compress-2", "zero-compress", "downtime"])
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="qmpd-migbench-")
    rand_file = os.path.join(tmp, "random.bin")
    with open("/dev/urandom", "rb") as r, open(rand_file, "wb") as w:
        for _ in range(args.size):
            w.write(r.read(1 << 20))
    text_file = None
    if any(sc.startswith("compress-text-") for sc in args.scenarios):
        import random
        text_file = os.path.join(tmp, "text.bin")
        rng = random.Random(1)
        # 16 MiB of lines, repeated: each page is compressed on its own, so repeats do not help
        block = text_block(rng, min(args.size, 16) << 20)
        with open(text_file, "wb") as w:
            for done in range(0, args.size, 16):
                w.write(block[:min(16, args.size - done) << 20])
    qemu_cache = {}
    print("guest RAM %d MiB, %d round(s), best total-time of each" % (args.size, args.rounds))
    for sc in args.scenarios:
        qemu_sc = {"compress-1": "compress-2", "compress-4": "compress-2",
                   "compress-text-1": "compress-text-2", "compress-text-4": "compress-text-2"}.get(sc, sc)
        best = {}
        for kind in ("qemu", "qmpd"):
            if kind == "qemu" and sc == "downtime":
                continue
            if kind == "qemu" and qemu_sc in qemu_cache:
                best[kind] = qemu_cache[qemu_sc]
                continue
            for _ in range(args.rounds):
                info, wall = run(kind, qemu_sc if kind == "qemu" else sc, args, tmp, rand_file, text_file)
                if kind not in best or info["total-time"] < best[kind][0]["total-time"]:
                    best[kind] = (info, wall)
            if kind == "qemu":
                qemu_cache[qemu_sc] = best[kind]
        q = best.get("qemu")
        m = best["qmpd"][0]
        line = "%-14s qmpd %6d ms (wall %6.0f ms, downtime %4d ms, %7.1f MB sent)" % (
            sc, m["total-time"], best["qmpd"][1] * 1000, m["downtime"], m["ram"]["transferred"] / 1e6)
        if q:
            line += " | QEMU(%s) %6d ms (wall %6.0f ms) | ratio %.2f" % (
                qemu_sc, q[0]["total-time"], q[1] * 1000, m["total-time"] / max(1, q[0]["total-time"]))
        print(line, flush=True)


if __name__ == "__main__":
    main()
