#!/bin/bash
# The block benchmark: qmpd against Debian's qemu-storage-daemon, serving the same 1 GiB raw
# and qcow2 images over NBD (unix socket) in the same run, measured with the same clients:
#   - sequential read and write of the whole export with nbdcopy (MiB/s),
#   - 4 KiB random writes at queue depth 1 and 32 (IOPS; NbdLoad.java, one connection),
#   - the cost of one active dirty bitmap on write throughput, over NBD and in process
#     (BitmapCost.java: the write path alone, where the machine's noise does not hide it).
# The servers take turns run by run; each figure is the best of $RUNS runs. Prints a table
# of figures and qmpd/qsd ratios.
#
# Usage: bench/block/run.sh   (QMPD_DIST=path/to/qmpd, RUNS=3, SECS=5, WORK=dir to keep files)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DIST=${QMPD_DIST:-$ROOT/launcher/target/qmpd}
RUNS=${RUNS:-3}
SECS=${SECS:-5}
WORK=${WORK:-$(mktemp -d /tmp/qmpd-bench-block.XXXXXX)}
LOAD_SRC=$ROOT/bench/src/main/java/org/qmpd/bench/block/NbdLoad.java
QMP="python3 $HERE/qmp.py $WORK/qmp.sock"
NBD=$WORK/nbd.sock
SERVER_PID=

for tool in nbdcopy qemu-img qemu-storage-daemon java python3; do
    command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
[ -x "$DIST/bin/qmpd" ] || { echo "no qmpd distribution at $DIST (build it, or set QMPD_DIST)" >&2; exit 2; }

cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

echo "# work dir $WORK; best of $RUNS; random-write runs of ${SECS}s" >&2
if [ ! -f "$WORK/src.raw" ]; then
    head -c 1G /dev/urandom > "$WORK/src.raw"
fi
cp "$WORK/src.raw" "$WORK/img.raw"
qemu-img convert -f raw -O qcow2 "$WORK/src.raw" "$WORK/img.qcow2"
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" "$LOAD_SRC"
sync

wait_for() {
    for _ in $(seq 1 200); do [ -S "$1" ] && return 0; sleep 0.05; done
    echo "no socket $1" >&2; exit 1
}

start_qmpd() {
    rm -f "$WORK/qmp.sock" "$NBD"
    "$DIST/bin/qmpd" -qmp "unix:$WORK/qmp.sock,server=on,wait=off" \
        -drive "file=$WORK/img.raw,if=none,id=raw,format=raw" \
        -drive "file=$WORK/img.qcow2,if=none,id=qcow2,format=qcow2" >"$WORK/qmpd.log" 2>&1 &
    SERVER_PID=$!
    wait_for "$WORK/qmp.sock"
    $QMP "{\"execute\": \"nbd-server-start\", \"arguments\": {\"addr\": {\"type\": \"unix\", \"data\": {\"path\": \"$NBD\"}}}}" \
        '{"execute": "nbd-server-add", "arguments": {"device": "raw", "writable": true}}' \
        '{"execute": "nbd-server-add", "arguments": {"device": "qcow2", "writable": true}}'
}

start_qsd() {
    rm -f "$WORK/qmp.sock" "$NBD"
    qemu-storage-daemon \
        --blockdev "driver=file,filename=$WORK/img.raw,node-name=rawfile" --blockdev driver=raw,file=rawfile,node-name=raw \
        --blockdev "driver=file,filename=$WORK/img.qcow2,node-name=qcow2file" --blockdev driver=qcow2,file=qcow2file,node-name=qcow2 \
        --nbd-server "addr.type=unix,addr.path=$NBD" \
        --export type=nbd,id=e1,node-name=raw,name=raw,writable=on \
        --export type=nbd,id=e2,node-name=qcow2,name=qcow2,writable=on \
        --chardev "socket,path=$WORK/qmp.sock,server=on,wait=off,id=mon" --monitor chardev=mon >"$WORK/qsd.log" 2>&1 &
    SERVER_PID=$!
    wait_for "$WORK/qmp.sock"
    wait_for "$NBD"
}

stop_server() {
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
    sync
}

uri() { echo "nbd+unix:///$1?socket=$NBD"; }

# MiB/s of one nbdcopy run
copy_rate() {
    local t0 t1
    t0=$(date +%s.%N)
    nbdcopy "$@"
    t1=$(date +%s.%N)
    sync
    python3 -c "print(round(1024 / ($t1 - $t0)))"
}

randw() { java -cp "$WORK/classes" org.qmpd.bench.block.NbdLoad "$NBD" "$1" write 4096 "$2" "$SECS"; }
seqr() { copy_rate "$(uri "$1")" null:; }
seqw() { copy_rate "$WORK/src.raw" "$(uri "$1")"; }

declare -A R
keep() { # key value: keep the best value seen
    if [ -z "${R[$1]:-}" ] || [ "$2" -gt "${R[$1]}" ]; then R[$1]=$2; fi
}

# The server's own CPU time (all its threads) is measured around every test too: on a busy
# machine throughput swings with the neighbours' load, the CPU a server spends per unit of
# work much less.
declare -A C
ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
keepmin() { if [ -z "${C[$1]:-}" ] || [ "$2" -lt "${C[$1]}" ]; then C[$1]=$2; fi; }

timed() { # key command...: prints the server's CPU ticks during the command, and its figure
    local t0 t1 v
    shift
    t0=$(ticks)
    v=$("$@")
    t1=$(ticks)
    echo "$(( t1 - t0 ))" "$v"
}

measure() { # server label; one run of every test, keeping the best figures
    local s=$1 cpu v
    for exp in raw qcow2; do
        read -r cpu v < <(timed "$s,$exp,seqread" seqr "$exp"); keep "$s,$exp,seqread" "$v"
        keepmin "$s,$exp,seqread" $(( cpu * 10 ))                       # ms per GiB
        read -r cpu v < <(timed "$s,$exp,seqwrite" seqw "$exp"); keep "$s,$exp,seqwrite" "$v"
        keepmin "$s,$exp,seqwrite" $(( cpu * 10 ))
        for qd in 1 32; do
            read -r cpu v < <(timed "$s,$exp,qd$qd" randw "$exp" "$qd"); keep "$s,$exp,qd$qd" "$v"
            keepmin "$s,$exp,qd$qd" $(( cpu * 10000000 / (v * SECS) ))  # ns per request
        done
    done
}

median() { python3 -c "import statistics, sys; print(round(statistics.median(map(float, sys.argv[1:]))))" "$@"; }

# The cost of a bitmap is small against this machine's noise (runs a minute apart differ by
# 30%), so each round measures without and with one back to back, in alternating order (ABBA)
# so that drift falls on both alike, and the cost is the median over $BITMAP_ROUNDS rounds of
# each round's own ratio: of throughput, and of the server's CPU time per unit of work.
bitmap_cost() { # server label
    local s=$1 w=() q=() wc=() qc=() r cpu v off_w on_w off_q on_q off_wc on_wc off_qc on_qc
    for r in $(seq 1 "${BITMAP_ROUNDS:-8}"); do
        for phase in 1 2; do
            if [ $(( (r + phase) % 2 )) -eq 0 ]; then
                read -r cpu v < <(timed x seqw raw); off_w=$v; off_wc=$cpu
                read -r cpu v < <(SECS=2 timed x randw raw 32); off_q=$v; off_qc=$(( cpu * 1000000 / v ))
            else
                $QMP '{"execute": "block-dirty-bitmap-add", "arguments": {"node": "raw", "name": "bench"}}'
                read -r cpu v < <(timed x seqw raw); on_w=$v; on_wc=$cpu
                read -r cpu v < <(SECS=2 timed x randw raw 32); on_q=$v; on_qc=$(( cpu * 1000000 / v ))
                $QMP '{"execute": "block-dirty-bitmap-remove", "arguments": {"node": "raw", "name": "bench"}}'
            fi
        done
        w+=("$(python3 -c "print(100.0 * ($off_w - $on_w) / $off_w)")")
        q+=("$(python3 -c "print(100.0 * ($off_q - $on_q) / $off_q)")")
        wc+=("$(python3 -c "print(100.0 * ($on_wc - $off_wc) / max($off_wc, 1))")")
        qc+=("$(python3 -c "print(100.0 * ($on_qc - $off_qc) / max($off_qc, 1))")")
    done
    B[$s,seqwrite]=$(pmedian "${w[@]}")
    B[$s,qd32]=$(pmedian "${q[@]}")
    B[$s,seqwrite,cpu]=$(pmedian "${wc[@]}")
    B[$s,qd32,cpu]=$(pmedian "${qc[@]}")
}
pmedian() { python3 -c "import statistics, sys; print('%+.1f%%' % statistics.median(map(float, sys.argv[1:])))" "$@"; }
declare -A B

# The servers take turns, run by run, so that the machine's noise falls on both alike.
for run in $(seq 1 "$RUNS"); do
    echo "# run $run of $RUNS" >&2
    start_qmpd
    measure qmpd
    if [ "$run" = "$RUNS" ]; then bitmap_cost qmpd; fi
    stop_server
    start_qsd
    measure qsd
    if [ "$run" = "$RUNS" ]; then bitmap_cost qsd; fi
    stop_server
done

ratio() { python3 -c "print('%.2f' % ($1 / $2))"; }

printf '%-34s %12s %12s %8s\n' "test" "qmpd" "qsd" "ratio"
for exp in raw qcow2; do
    for t in seqread:"seq read MiB/s" seqwrite:"seq write MiB/s" qd1:"4k rand write IOPS qd1" qd32:"4k rand write IOPS qd32"; do
        k=${t%%:*}; label=${t#*:}
        printf '%-34s %12s %12s %8s\n' "$exp $label" "${R[qmpd,$exp,$k]}" "${R[qsd,$exp,$k]}" \
            "$(ratio "${R[qmpd,$exp,$k]}" "${R[qsd,$exp,$k]}")"
    done
done
printf '%-34s %12s %12s\n' "bitmap cost, seq write throughput" "${B[qmpd,seqwrite]}" "${B[qsd,seqwrite]}"
printf '%-34s %12s %12s\n' "bitmap cost, 4k qd32 IOPS" "${B[qmpd,qd32]}" "${B[qsd,qd32]}"
printf '%-34s %12s %12s\n' "bitmap cost, seq write server CPU" "${B[qmpd,seqwrite,cpu]}" "${B[qsd,seqwrite,cpu]}"
printf '%-34s %12s %12s\n' "bitmap cost, 4k qd32 server CPU" "${B[qmpd,qd32,cpu]}" "${B[qsd,qd32,cpu]}"
echo "(bitmap cost: median over rounds of the share of throughput lost, or of server CPU added, with one bitmap; target qmpd <= 3%)"
echo
printf '%-34s %12s %12s %8s\n' "server CPU per unit of work" "qmpd" "qsd" "qsd/qmpd"
for exp in raw qcow2; do
    for t in seqread:"seq read, ms per GiB" seqwrite:"seq write, ms per GiB" qd1:"4k write qd1, ns per req" qd32:"4k write qd32, ns per req"; do
        k=${t%%:*}; label=${t#*:}
        printf '%-34s %12s %12s %8s\n' "$exp $label" "${C[qmpd,$exp,$k]}" "${C[qsd,$exp,$k]}" \
            "$(ratio "${C[qsd,$exp,$k]}" "$(( ${C[qmpd,$exp,$k]} > 0 ? ${C[qmpd,$exp,$k]} : 1 ))")"
    done
done

# The bitmap's cost measured in process as well: over NBD it drowns in this machine's noise.
echo
head -c 256M /dev/zero > "$WORK/bitmap.raw"
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -cp "$ROOT/bench/target/classes:$DIST/bundles/*:$DIST/lib/org.apache.felix.framework.jar" \
    org.qmpd.bench.block.BitmapCost "$WORK/bitmap.raw"
rm -f "$WORK/bitmap.raw"
