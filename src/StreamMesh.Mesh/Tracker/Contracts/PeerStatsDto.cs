namespace StreamMesh.Mesh.Tracker.Contracts;

/// <summary>Media statistics carried by a heartbeat.</summary>
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
}
