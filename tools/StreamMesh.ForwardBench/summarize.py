#!/usr/bin/env python3
"""Prints the table of docs/benchmarks-forwarding.md from the JSON files bench.sh wrote into OUT_DIR."""
import glob
import json
import os
import re
import sys


def main():
    out = sys.argv[1]
    rows = []
    paths = glob.glob(os.path.join(out, "n*.json")) + glob.glob(os.path.join(out, "relay-n*.json"))
    for path in sorted(paths):
        if path.endswith(".loadgen.json"):
            continue
        name = os.path.basename(path)[:-5]
        d = json.load(open(path))
        lg = d.get("loadGenSummary") or ""
        g2g = re.search(r"video g2g p50 ([0-9.]+) / p99 ([0-9.]+)", lg)
        rows.append((d.get("relay", False), d["viewersRequested"], name, d))
        d["_g2g"] = f"{g2g.group(1)} / {g2g.group(2)}" if g2g else "?"
    print("| run | attached | forwarded pkt/s | node cores | pkt/s per core | µs CPU per pkt | CPU per viewer (% core) | child drops | hop p50 / p99 (ms) | LoadGen video g2g p50 / p99 (ms) | LoadGen cores | datagrams per GSO message | RSS per viewer | alloc B/pkt (process) | worker alloc (B, hold) | load avg | ingress |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    # Origin runs first, then relay runs (the node's stream pulled from a parent process over WebRTC).
    for relay, n, name, d in sorted(rows, key=lambda r: (r[0], r[1], r[2])):
        h = d["hopLatency"]
        print(f"| {name} | {d['viewersAttached']}/{d['viewersRequested']} | {d['forwardedPacketsPerSecond']:,.0f} | {d['cpuCoresUsed']:.3f} | "
              f"{d['forwardedPacketsPerCoreSecond']:,.0f} | {d['cpuMicrosecondsPerForwardedPacket']:.2f} | {d['cpuPercentOfCorePerViewer']:.3f} | "
              f"{d['childDrops']:,} | {h['p50Ms']:.2f} / {h['p99Ms']:.1f} | {d['_g2g']} | {d.get('loadGenCpuCores', 0):.2f} | {d.get('datagramsPerSegmentedMessage', 0):.1f} | "
              f"{d['rssKilobytesPerViewer']:.0f} KB | {d['processAllocatedBytesPerForwardedPacket']:.2f} | {d['workerAllocatedBytesDuringHold']} | {d['machineLoadAverage']:.1f} | {ingress(d)} |")


def ingress(d):
    """Origin: the source publishes in-process. Relay: what came from the parent, and the parent's own CPU (not in the node's)."""
    if not d.get("relay"):
        return "source in-process"
    return (f"relay: {d['upstreamPacketsPerSecond']:,.0f} pkt/s from parent, video loss {100 * d['upstreamVideoLossFraction']:.2f} %, "
            f"jitter {d['upstreamVideoJitterMs']:.2f} ms, parent {d['parentCpuCores']:.3f} cores")


if __name__ == "__main__":
    main()
