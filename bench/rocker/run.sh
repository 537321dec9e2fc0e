#!/bin/sh
# Rocker pipeline benchmark (issue 6): frames/s through the OF-DPA pipeline alone, 64- and
# 1500-byte frames, 10 and 10,000 bridging flows, and the per-frame cost ratio.
# Usage: bench/rocker/run.sh [--quick]    (from the repository root, after `mvn -B -DskipTests install`)
# Pinned to one CPU with taskset when it is there. QEMU has no comparable rocker benchmark
# (its switch needs a guest driver), so the figures are absolute.
set -eu
cd "$(dirname "$0")/../.."
JAR=${ROCKER_JAR:-launcher/target/qmpd/bundles/rocker.jar}
if [ ! -f "$JAR" ]; then
    JAR=rocker/target/rocker-0.1.0-SNAPSHOT.jar
fi
PIN=""
if command -v taskset >/dev/null 2>&1; then
    PIN="taskset -c 0"
fi
exec $PIN java -XX:+UseParallelGC -Xms256m -cp "$JAR" bench/rocker/RockerPipelineBench.java "$@"
