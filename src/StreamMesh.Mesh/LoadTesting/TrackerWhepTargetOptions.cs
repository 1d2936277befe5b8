namespace StreamMesh.Mesh.LoadTesting;

/// <summary>How load-generator viewers join a stream through the tracker.</summary>
public sealed record TrackerWhepTargetOptions
{
    /// <summary>Tracker base URL, e.g. http://127.0.0.1:9000/.</summary>
    public required Uri Tracker { get; init; }

    /// <summary>Stream to join.</summary>
    public required string Stream { get; init; }

    /// <summary>Viewer peer ids are PREFIX-INDEX; make it unique per run when several runs share a tracker.</summary>
    public string PeerIdPrefix { get; init; } = "loadgen";

    /// <summary>Sites assigned round robin (viewer i gets Sites[i % count]); empty: no site, default bind address.</summary>
    public IReadOnlyList<ViewerSite> Sites { get; init; } = [];

    /// <summary>Timeout of one HTTP probe to a candidate's /healthz.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Round trips per candidate; the best counts (the first pays for the TCP handshake).</summary>
    public int ProbesPerCandidate { get; init; } = 2;

    /// <summary>Heartbeat interval when the tracker does not say.</summary>
    public TimeSpan DefaultHeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws <see cref="ArgumentException"/> for values out of range.</summary>
    public void Validate()
    {
        if (Tracker is null || !Tracker.IsAbsoluteUri || Tracker.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"{nameof(Tracker)} must be an absolute http(s) URL (got '{Tracker}').", nameof(Tracker));
        }

        if (string.IsNullOrWhiteSpace(Stream))
        {
            throw new ArgumentException($"{nameof(Stream)} is required.", nameof(Stream));
        }

        if (string.IsNullOrWhiteSpace(PeerIdPrefix))
        {
            throw new ArgumentException($"{nameof(PeerIdPrefix)} is required.", nameof(PeerIdPrefix));
        }

        ArgumentNullException.ThrowIfNull(Sites, nameof(Sites));
        if (ProbeTimeout <= TimeSpan.Zero || DefaultHeartbeatInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(ProbeTimeout)} and {nameof(DefaultHeartbeatInterval)} must be positive.", nameof(ProbeTimeout));
        }

        if (ProbesPerCandidate is < 1 or > 10)
        {
            throw new ArgumentException($"{nameof(ProbesPerCandidate)} must be 1 to 10 (got {ProbesPerCandidate}).", nameof(ProbesPerCandidate));
        }
    }
}
