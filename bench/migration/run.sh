#!/bin/bash
# The migration benchmark: qmpd against QEMU 7.2 (qemu-system-x86_64 -M none), each migrating
# the same amount of guest RAM between two processes of its own over 127.0.0.1 in the same
# run: 1 GiB of random RAM (no capability, then compress on 1 and 2 threads), 1 GiB of zero
# RAM with compress, and qmpd's downtime while its guest workload dirties 50 MiB/s. Prints each
# scenario's best total-time of $ROUNDS rounds and the qmpd/QEMU ratio. How the RAM is filled
# and what is timed: bench/migration/migration_bench.py.
#
# Usage: bench/migration/run.sh [SCENARIO...]   (QMPD_DIST=path/to/qmpd, ROUNDS=2, SIZE=1024 MiB)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DIST=${QMPD_DIST:-$ROOT/launcher/target/qmpd}
exec python3 "$HERE/migration_bench.py" --dist "$DIST" --rounds "${ROUNDS:-2}" --size "${SIZE:-1024}" "$@"
