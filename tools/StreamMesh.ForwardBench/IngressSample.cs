namespace StreamMesh.ForwardBench;

/// <summary>Cumulative ingress counters of a relay at one instant (all zero for the in-process source).</summary>
/// <param name="PacketsReceived">RTP packets the upstream link received from the parent (RTX included).</param>
/// <param name="VideoPacketsReceived">Video packets the link's receiver statistics counted (RFC 3550 A.3).</param>
/// <param name="VideoPacketsLost">Cumulative video loss the link's receiver statistics report (RFC 3550 A.3).</param>
/// <param name="VideoJitterMs">Interarrival jitter of the parent's video now (RFC 3550 A.8).</param>
/// <param name="ParentCpuTicks">CPU clock ticks the parent process has used (/proc), so its share can be reported apart.</param>
internal readonly record struct IngressSample(long PacketsReceived, long VideoPacketsReceived, long VideoPacketsLost, double VideoJitterMs, long ParentCpuTicks);
