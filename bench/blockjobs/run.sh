#!/bin/bash
# The block-jobs benchmark: qmpd's drive-backup against QEMU 7.2's (qemu-storage-daemon) on the
# same 1 GiB images in the same run: full backup qcow2->qcow2 and raw->raw (MiB/s, with cp as
# the ceiling), incremental backup time against dirty data, and 4 KiB random-write IOPS from an
# NBD client with and during a backup. See backup_bench.py for how each figure is measured.
#
# Usage: bench/blockjobs/run.sh   (QMPD_DIST=path/to/qmpd, WORK=dir (default: a new dir in
#        /dev/shm, removed at the end), RUNS=3, SECS=5, MIB=1024, QD=32)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export QMPD_DIST=${QMPD_DIST:-$ROOT/launcher/target/qmpd}
for tool in qemu-img qemu-io qemu-storage-daemon java javac python3; do
    command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
[ -x "$QMPD_DIST/bin/qmpd" ] || { echo "no qmpd distribution at $QMPD_DIST (build it, or set QMPD_DIST)" >&2; exit 2; }

if [ -z "${WORK:-}" ]; then
    WORK=$(mktemp -d /dev/shm/qmpd-bench-blockjobs.XXXXXX)
    trap 'rm -rf "$WORK"' EXIT
fi
export WORK
python3 "$HERE/backup_bench.py"
