namespace StreamMesh.Simulator.Engine;

/// <summary>Timing and behaviour of the simulated peers and tracker.</summary>
public sealed record SessionSettings
{
    /// <summary>Tracker maintenance period (expiry + improvement), ms.</summary>
    public double TickMs { get; init; } = 1_000;

    /// <summary>Heartbeat period of every peer, ms.</summary>
    public double HeartbeatMs { get; init; } = 15_000;

    /// <summary>Improvement examines every peer once per this period (spread over the ticks), ms.</summary>
    public double ImprovementPassMs { get; init; } = 30_000;

    /// <summary>Fewest peers improvement examines per tick.</summary>
    public int MinImprovementBatch { get; init; } = 20;

    /// <summary>Relative noise of a probe (|N(0, σ)| added on top of the true RTT).</summary>
    public double ProbeNoise { get; init; } = 0.03;

    /// <summary>Media gap after which a child declares its parent lost, ms.</summary>
    public double DetectMs { get; init; } = 500;

    /// <summary>Connecting to a parent takes this many RTTs (WHEP POST, ICE check, DTLS handshake).</summary>
    public double ConnectRtts { get; init; } = 3;

    /// <summary>Fixed processing time of a connection set-up, ms.</summary>
    public double ConnectOverheadMs { get; init; } = 20;

    /// <summary>A newly assigned parent that does not answer a ping within max(this, 3 × predicted RTT + 50 ms) is dead, ms.</summary>
    public double ConnectTimeoutMinMs { get; init; } = 250;

    /// <summary>
    /// On losing its parent a child pings its known backups (one STUN binding each, in parallel) and waits at most this
    /// long, ms, before reporting the parent and the silent backups together.
    /// </summary>
    public double BackupPingWaitMs { get; init; } = 300;

    /// <summary>A detached peer asks the tracker again after this long, ms.</summary>
    public double DetachedRetryMs { get; init; } = 1_000;

    /// <summary>Every n-th join is audited against the true nearest eligible parent (0 = never).</summary>
    public int NearestAuditEvery { get; init; } = 10;

    /// <summary>Throws <see cref="ArgumentException"/> on out-of-range values.</summary>
    public void Validate()
    {
        if (!(TickMs > 0 && HeartbeatMs > 0 && ImprovementPassMs > 0 && DetectMs >= 0 && ConnectRtts > 0 && ConnectOverheadMs >= 0
            && ConnectTimeoutMinMs > 0 && BackupPingWaitMs > 0 && DetachedRetryMs > 0 && ProbeNoise >= 0) || MinImprovementBatch < 1 || NearestAuditEvery < 0)
        {
            throw new ArgumentException("session timings must be positive (noise and detection delay may be 0).", nameof(TickMs));
        }
    }
}
