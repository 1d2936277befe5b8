using StreamMesh.Mesh.Tracker.Contracts;

namespace StreamMesh.Mesh.Tree;

/// <content>Heartbeats with the relay's statistics: children, RTT to the parent, loss, jitter, bitrate, CPU and memory.</content>
public sealed partial class RelayStreamRunner
{
    private async Task HeartbeatAsync(TrackerClient client, string session, AssignmentBox latest, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var interval = TimeSpan.FromMilliseconds(Math.Clamp(latest.Value.HeartbeatIntervalMs, 100, 30_000));
            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            var parentRtt = _parentUrl is { } url && _parentId is not null ? await ProbeAsync(url, 1, cancellationToken).ConfigureAwait(false) : null;
            latest.Offer(await client.HeartbeatAsync(Stream, new HeartbeatRequestDto
            {
                PeerId = tree.PeerId,
                Session = session,
                ParentRttMs = parentRtt is { } rtt ? Math.Round(rtt, 3) : null,
                Stats = SampleStats(),
                WarmStandby = tree.Options.WarmStandby,
                StandbyParent = StandbyParentId,
            }, cancellationToken).ConfigureAwait(false));
        }
    }

    private PeerStatsDto SampleStats()
    {
        var upstream = _link?.Sample() ?? default;
        var (cpu, memory, sendKbps) = _usage.Sample();
        var children = 0;
        foreach (var session in sessions.Sessions)
        {
            if (session.Stream.Name == Stream && session.Connection.State == Rtc.Peer.PeerConnectionState.Connected)
            {
                children++;
            }
        }

        return new PeerStatsDto
        {
            ReceiveKbps = upstream.ReceiveKbps,
            SendKbps = sendKbps,
            LossFraction = upstream.LossFraction,
            JitterMs = upstream.JitterMs,
            Children = children,
            CpuPercent = cpu,
            MemoryMb = memory,
        };
    }
}
