#!/usr/bin/env python3
"""Where a JVM's CPU went, from a JFR recording: execution samples grouped by thread and by the first frame of ours.

  scripts/jfr-cpu-summary.py recording.jfr [--top 15] [--prefix dev.ferry.] [--between 41 47 --between 60 66]

Thread names lose their numbers (so a pool's threads count together). A sample's "first own frame" is the innermost
frame whose class starts with --prefix (lambdas count as their class); samples with none count under their innermost
frame's package. --between keeps only samples taken from START to END seconds after the first sample of the recording
(e.g. the rounds of one target, read off ./bench.sh's progress lines). Needs the JDK's `jfr` tool.
"""
import argparse
import collections
import datetime
import json
import os
import re
import shutil
import subprocess
import sys


def jfr_tool():
    found = shutil.which("jfr")
    if found:
        return found
    java = shutil.which("java")
    if java:
        candidate = os.path.join(os.path.dirname(os.path.realpath(java)), "jfr")
        if os.path.exists(candidate):
            return candidate
    sys.exit("jfr-cpu-summary: the JDK's jfr tool is not on PATH")


def samples(path):
    out = subprocess.run([jfr_tool(), "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample",
                          path], check=True, capture_output=True, text=True).stdout
    for event in json.loads(out)["recording"]["events"]:
        values = event["values"]
        sampled = values.get("sampledThread") or {}
        thread = sampled.get("javaName") or sampled.get("osName") or "?"
        frames = [frame["method"]["type"]["name"] + "." + frame["method"]["name"]
                  for frame in (values.get("stackTrace") or {}).get("frames", [])]
        yield datetime.datetime.fromisoformat(values["startTime"].replace("Z", "+00:00")), thread, frames


def thread_group(name):
    return re.sub(r"\d+", "N", re.sub(r"-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", "", name))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("recording")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--prefix", default="dev.ferry.")
    parser.add_argument("--between", nargs=2, type=float, action="append", metavar=("START", "END"))
    args = parser.parse_args()
    everything = sorted(samples(args.recording), key=lambda sample: sample[0])
    if not everything:
        sys.exit("jfr-cpu-summary: no execution samples in " + args.recording)
    first = everything[0][0]
    by_thread = collections.Counter()
    by_own_frame = collections.Counter()
    total = 0
    for at, thread, frames in everything:
        offset = (at - first).total_seconds()
        if args.between and not any(start <= offset <= end for start, end in args.between):
            continue
        total += 1
        by_thread[thread_group(thread)] += 1
        own = next((re.sub(r"\$\$Lambda.*", " (lambda)", f) for f in frames if f.startswith(args.prefix)), None)
        if own is None:
            leaf = frames[0] if frames else "?"
            own = "(no own frame) " + ".".join(leaf.split(".")[:3])
        by_own_frame[own] += 1
    if total == 0:
        sys.exit("jfr-cpu-summary: no execution samples in the windows asked for")
    print(f"{total} execution samples in {args.recording}\n")
    print("| thread (numbers folded) | share of samples |\n|---|---:|")
    for name, count in by_thread.most_common(args.top):
        print(f"| {name} | {100.0 * count / total:.1f} % |")
    print(f"\n| innermost {args.prefix}* frame | share of samples |\n|---|---:|")
    for name, count in by_own_frame.most_common(args.top):
        print(f"| {name} | {100.0 * count / total:.1f} % |")


if __name__ == "__main__":
    main()
