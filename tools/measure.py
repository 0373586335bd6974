#!/usr/bin/env python3
"""measure: run a command, print 'SECONDS MAXRSS_KB' of it and its children.

    measure.py CMD ARGS...
    measure.py --cpu CMD ARGS...   'SECONDS MAXRSS_KB USER_S SYSTEM_S'

The peak is the largest resident set of any one process of the command
(getrusage RUSAGE_CHILDREN), which for a pipeline of filters is the
biggest filter.
"""
import resource, subprocess, sys, time

cpu = sys.argv[1:2] == ["--cpu"]
cmd = sys.argv[2:] if cpu else sys.argv[1:]
t0 = time.monotonic()
rc = subprocess.call(cmd)
dt = time.monotonic() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
if cpu:
    print(f"{dt:.3f} {ru.ru_maxrss} {ru.ru_utime:.3f} {ru.ru_stime:.3f}",
          file=sys.stderr)
else:
    print(f"{dt:.3f} {ru.ru_maxrss}", file=sys.stderr)
sys.exit(rc)
