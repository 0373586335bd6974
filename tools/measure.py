#!/usr/bin/env python3
"""measure: run a command, print 'SECONDS MAXRSS_KB' of it and its children.

    measure.py CMD ARGS...

The peak is the largest resident set of any one process of the command
(getrusage RUSAGE_CHILDREN), which for a pipeline of filters is the
biggest filter.
"""
import resource, subprocess, sys, time

t0 = time.monotonic()
rc = subprocess.call(sys.argv[1:])
dt = time.monotonic() - t0
kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"{dt:.3f} {kb}", file=sys.stderr)
sys.exit(rc)
