namespace StreamMesh.Mesh.Tracker.Contracts;

/// <summary>
/// Media and host statistics carried by a heartbeat. Relays and origins fill the transport and host
/// fields; viewers (browser player, headless viewer) also fill the quality-of-experience fields the
/// dashboard aggregates. Every field is optional so old and partial reporters stay valid.
/// </summary>
public sealed record PeerStatsDto
{
    /// <summary>Bitrate received from the parent, kbit/s.</summary>
    public double ReceiveKbps { get; init; }

    /// <summary>Bitrate sent to all children, kbit/s.</summary>
    public double SendKbps { get; init; }

    /// <summary>Loss from the parent over the last interval, 0–1.</summary>
    public double LossFraction { get; init; }

    /// <summary>Interarrival jitter from the parent, ms.</summary>
    public double JitterMs { get; init; }

    /// <summary>Children the peer is currently sending media to.</summary>
    public int? Children { get; init; }

    /// <summary>Process CPU over the last interval, percent of one core.</summary>
    public double? CpuPercent { get; init; }

    /// <summary>Process working set, MB.</summary>
    public double? MemoryMb { get; init; }

    /// <summary>Median glass-to-glass latency over the last interval (from abs-capture-time), ms.</summary>
    public double? GlassToGlassMs { get; init; }

    /// <summary>Fraction of the last interval spent stalled (no new frame for over 250 ms), 0–1.</summary>
    public double? RebufferingRatio { get; init; }

    /// <summary>Video frames decoded (browser) or completed (headless) since the session started.</summary>
    public long? FramesDecoded { get; init; }
}
