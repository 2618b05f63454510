#!/usr/bin/env python3
"""How many cores each group of a running JVM's threads used over a few seconds, from /proc (Linux).

  scripts/thread-cpu.py PID [SECONDS]      # default 5 s

Where a JFR recording gives samples of what threads were running, this reads the CPU time the kernel charged to each
thread. Thread names are as the kernel keeps them (15 characters), with digits folded so that a pool's threads count
together.
"""
import collections
import os
import re
import sys
import time


def charged(pid):
    """Thread id -> (name, user + system clock ticks)."""
    threads = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as stat:
                line = stat.read()
        except OSError:
            continue  # the thread ended meanwhile
        name = line[line.index("(") + 1:line.rindex(")")]
        fields = line[line.rindex(")") + 2:].split()
        threads[tid] = (name, int(fields[11]) + int(fields[12]))
    return threads


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    pid, seconds = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 5.0
    before = charged(pid)
    time.sleep(seconds)
    after = charged(pid)
    ticks = collections.Counter()
    for tid, (name, used) in after.items():
        if tid in before:
            ticks[re.sub(r"\d+", "N", name)] += used - before[tid][1]
    per_second = os.sysconf("SC_CLK_TCK") * seconds
    print(f"{sum(ticks.values()) / per_second:.2f} cores in all")
    for name, used in ticks.most_common(25):
        print(f"{used / per_second:6.3f} cores  {name}")


if __name__ == "__main__":
    main()
