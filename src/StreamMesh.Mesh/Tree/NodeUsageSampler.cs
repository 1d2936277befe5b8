using System.Diagnostics;
using StreamMesh.Rtc.Net;

namespace StreamMesh.Mesh.Tree;

/// <summary>
/// Node-wide numbers for heartbeat stats: this process's CPU (percent of one core since the previous sample), its
/// working set, and the UDP bitrate the node sends (all media to all children, RTCP and STUN included). Not thread-safe:
/// one sampler per heartbeat loop.
/// </summary>
public sealed class NodeUsageSampler(UdpMux mux, TimeProvider time)
{
    private TimeSpan _cpuAt = Environment.CpuUsage.TotalTime;
    private long _sentAt = mux.Counters.BytesSent;
    private long _wallAt = time.GetTimestamp();

    /// <summary>Takes a sample covering the time since the previous one (or since creation).</summary>
    public (double CpuPercent, double MemoryMb, double SendKbps) Sample()
    {
        TimeSpan cpu = Environment.CpuUsage.TotalTime;
        long sent = mux.Counters.BytesSent;
        long now = time.GetTimestamp();
        double wall = time.GetElapsedTime(_wallAt, now).TotalSeconds;
        double cpuPercent = wall > 0 ? Math.Max(0, (cpu - _cpuAt).TotalSeconds / wall * 100) : 0;
        double sendKbps = wall > 0 ? Math.Max(0, sent - _sentAt) * 8 / 1000.0 / wall : 0;
        _cpuAt = cpu;
        _sentAt = sent;
        _wallAt = now;
        using var self = Process.GetCurrentProcess();
        return (Math.Round(cpuPercent, 1), Math.Round(self.WorkingSet64 / (1024.0 * 1024.0), 1), Math.Round(sendKbps, 1));
    }
}
