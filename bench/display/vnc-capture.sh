#!/bin/bash
# Full-screen VNC captures per second, qmpd against QEMU, each measured with Debian's
# vncsnapshot (RFB 3.3, raw encoding on the same machine) doing N complete connections:
# handshake, VNC authentication, one full framebuffer update, disconnect.
# Usage: bench/display/vnc-capture.sh [N]   (needs a built distribution: QMPD=path/to/bin/qmpd)
set -euo pipefail
N=${1:-20}
QMPD=${QMPD:-launcher/target/qmpd/bin/qmpd}
tmp=$(mktemp -d)
trap 'kill $qmpd_pid $qemu_pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
# the vncpasswd file of "bench": DES-ECB under VNC's fixed key {23,82,107,6,35,78,88,7}, bits
# of each key byte reversed (e84ad660c4721ae0); the same recipe gives dbd83cfd727a1458 for "password"
printf 'bench\0\0\0' | openssl enc -des-ecb -provider legacy -provider default -K e84ad660c4721ae0 -nopad > "$tmp/passwd"
"$QMPD" -qmp tcp:127.0.0.1:4491,server=on,wait=off -vnc 127.0.0.1:91,password >"$tmp/qmpd.log" 2>&1 &
qmpd_pid=$!
qemu-system-x86_64 -display none -vga std -vnc 127.0.0.1:92,password -qmp tcp:127.0.0.1:4492,server=on,wait=off >"$tmp/qemu.log" 2>&1 &
qemu_pid=$!
set_pw() {
  for i in $(seq 50); do
    if printf '{"execute":"qmp_capabilities"}{"execute":"set_password","arguments":{"protocol":"vnc","password":"bench"}}' \
        | timeout 2 socat - TCP:127.0.0.1:$1 2>/dev/null | grep -q '"return": {}.*' ; then return 0; fi
    sleep 0.2
  done
  echo "no QMP on $1" >&2; exit 1
}
set_pw 4491; set_pw 4492
run() {
  local display=$1 start end
  vncsnapshot -passwd "$tmp/passwd" 127.0.0.1:$display "$tmp/warm.jpg" >"$tmp/warm.log" 2>&1 \
    || { echo "capture from display $display failed:" >&2; cat "$tmp/warm.log" >&2; exit 1; }
  start=$(date +%s.%N)
  for i in $(seq "$N"); do
    vncsnapshot -quiet -passwd "$tmp/passwd" 127.0.0.1:$display "$tmp/$display-$i.jpg" >/dev/null 2>&1 \
      || { echo "capture $i from display $display failed" >&2; exit 1; }
  done
  end=$(date +%s.%N)
  echo "$start $end" | awk -v n="$N" '{printf "%.1f", n / ($2 - $1)}'
}
q=$(run 91); r=$(run 92)
echo "vnc full-screen captures/s: qmpd $q, qemu $r, ratio qmpd/qemu $(echo "$q $r" | awk '{printf "%.2f", $1/$2}')"
