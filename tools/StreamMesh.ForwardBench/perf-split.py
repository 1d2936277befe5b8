#!/usr/bin/env python3
"""Splits the CPU samples of one process from `perf script -F pid,tid,comm,ip,sym` output into the
categories of docs/benchmarks-forwarding.md ("Where the CPU goes"), and scales them to microseconds
per forwarded packet. Usage: perf-split.py PERF_SCRIPT_OUTPUT PID FORWARDED_PACKETS_PER_SECOND SECONDS"""
import collections
import sys

# First match wins; a sample is classified by its whole stack (root to leaf).
CATEGORIES = [
    ("thread-pool spinning (sched_yield)", ["sched_yield"]),
    ("kernel send: loopback delivery to the viewer's socket + waking it", ["sock_def_readable"]),
    ("kernel send: loopback receive path (softirq, IP/UDP input)", ["net_rx_action", "process_backlog"]),
    ("kernel send: write-space callback (sock_wfree)", ["sock_wfree"]),
    ("kernel send: syscall, UDP/IP output, skb, copy", ["sendmmsg", "__sys_sendto", "sendmsg"]),
    ("runtime epoll thread (socket events)", ["epoll_wait"]),
    ("SRTP: GHASH", ["Ghash::"]),
    ("SRTP: AES-CTR", ["IntrinsicAes128::"]),
    ("SRTP: other (nonce, HMAC, context)", ["AesGcm", "Srtp", "HMAC", "Hmac"]),
    ("futex wake/sleep (worker hand-off)", ["futex"]),
    ("publish: offer to child queues", ["StreamSubscription::Offer", "LiveStream::"]),
    ("worker: drain, rewrite, copy, batch", ["StreamSubscription::", "WhepSession::SendPacket", "ExtensionIdMap", "UdpDatagramBatch", "SendWorker::", "Memmove", "ChildPacketQueue"]),
    ("receive: RTCP, STUN, DTLS", ["UdpMux::Dispatch", "ReceiveLoop", "recvfrom", "recvmsg"]),
    ("timers, HTTP, sender reports", ["TimerQueue", "Kestrel", "SendReports", "Http"]),
]


def main():
    path, pid, rate, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
    totals = collections.Counter()
    frames, owner = [], None

    def flush():
        if owner == pid and frames:
            stack = ";".join(reversed(frames))
            for name, keys in CATEGORIES:
                if any(k in stack for k in keys):
                    totals[name] += 1
                    break
            else:
                totals["other"] += 1

    for line in open(path, errors="replace"):
        if not line.strip():
            flush()
            frames, owner = [], None
        elif not line[0].isspace():
            flush()
            frames = []
            parts = line.split()
            owner = next((p.split("/")[0] for p in parts if "/" in p and p.split("/")[0].isdigit()), None)
        else:
            frames.append(line.strip().split(None, 1)[-1])
    flush()

    samples = sum(totals.values())
    if samples == 0 or rate <= 0:
        print("no samples for pid", pid)
        return
    # perf samples at a fixed frequency: samples / (frequency × seconds) = cores used.
    frequency = float(sys.argv[5]) if len(sys.argv) > 5 else 999.0
    cores = samples / (frequency * seconds)
    per_packet = cores * 1e6 / rate
    print(f"process {pid}: {samples} samples, {cores:.3f} cores, {per_packet:.2f} us CPU per forwarded packet")
    print(f"{'share':>6} {'us/pkt':>7}  category")
    for name, count in totals.most_common():
        print(f"{100 * count / samples:5.1f}% {per_packet * count / samples:7.2f}  {name}")


if __name__ == "__main__":
    main()
