#!/usr/bin/env python3
"""Sends QMP commands (JSON objects, one per argument) to a unix-socket monitor and prints the replies."""
import json
import socket
import sys

s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
f = s.makefile("rwb")
f.readline()
for cmd in ['{"execute": "qmp_capabilities"}'] + sys.argv[2:]:
    f.write(cmd.encode())
    f.flush()
    while True:
        line = f.readline().decode()
        if '"event"' not in line:
            break
    if '"error"' in line:
        sys.exit("QMP error for %s: %s" % (cmd, line.strip()))
