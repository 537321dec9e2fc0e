#!/bin/sh
# Platform benchmark (issue 2): qmpd against QEMU 7.2 on this machine, in one run.
# Usage: bench/platform/run.sh [--quick]     (from the repository root, after `mvn -B -DskipTests install`)
# Needs Debian's qemu-system-x86 and qemu-utils (qemu-storage-daemon).
set -eu
cd "$(dirname "$0")/../.."
exec java -cp bench/target/classes org.qmpd.bench.platform.PlatformBench launcher/target/qmpd "$@"
