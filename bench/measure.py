"""Runs one command under GNU time and writes 'wall user sys maxrss_kib' of it to a file, as
'/usr/bin/time -f "%e %U %S %M"' would, but with wall and CPU in microseconds rather than GNU
time's 10 ms steps (a tenth of a snapshot-served check). CPU is the rusage wait4 gives for GNU
time, which holds the command's (and GNU time's own, about a millisecond); the peak RSS is the
command's own, as GNU time reports it.

    python3 measure.py OUTPUT COMMAND [ARG]...

Exits with the command's exit code; stdin, stdout and stderr are the command's own."""
import os
import sys
import time

out, command = sys.argv[1], sys.argv[2:]
rss_file = out + ".rss"
start = time.perf_counter()
pid = os.posix_spawn("/usr/bin/time", ["/usr/bin/time", "-f", "%M", "-o", rss_file] + command,
                     os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(rss_file) as f:
    rss = f.read().split()[-1]
with open(out, "w") as f:
    f.write(f"{wall:.6f} {usage.ru_utime:.6f} {usage.ru_stime:.6f} {rss}\n")
sys.exit(os.waitstatus_to_exitcode(status))
