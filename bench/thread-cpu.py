#!/usr/bin/env python3
"""Where a process's threads spend a window: CPU, time runnable but waiting for a core, context switches.

Usage: bench/thread-cpu.py <pid> [seconds, default 20]

Reads /proc/<pid>/task/*/schedstat (time on a CPU, time waiting on a run queue, times scheduled) at the start and
the end of the window and prints the differences per thread name, numbered threads of one pool summed
("ws-writer-0", "ws-writer-1" -> "ws-writer-#"), busiest first, in cores (seconds per second).
"""
import collections
import os
import re
import sys
import time


def snapshot(pid):
    threads = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                name = f.read().strip()
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                running, waiting, slices = map(int, f.read().split())
        except OSError:
            continue  # the thread ended meanwhile
        threads[tid] = (name, running, waiting, slices)
    return threads


def main():
    pid = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 20.0
    before = snapshot(pid)
    time.sleep(seconds)
    after = snapshot(pid)
    pools = collections.defaultdict(lambda: [0, 0, 0])
    for tid, (name, running, waiting, slices) in after.items():
        _, running0, waiting0, slices0 = before.get(tid, (name, 0, 0, 0))
        pool = pools[re.sub(r"\d+$", "#", name)]
        pool[0] += running - running0
        pool[1] += waiting - waiting0
        pool[2] += slices - slices0
    print(f"{'threads':28s} {'on CPU':>8s} {'waiting':>8s} {'switches/s':>11s}   ({seconds:g} s)")
    for name, (running, waiting, slices) in sorted(pools.items(), key=lambda p: -p[1][0])[:20]:
        print(f"{name:28s} {running / 1e9 / seconds:8.2f} {waiting / 1e9 / seconds:8.2f} {slices / seconds:11.0f}")


if __name__ == "__main__":
    main()
