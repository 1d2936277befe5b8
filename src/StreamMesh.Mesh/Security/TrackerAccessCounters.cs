namespace StreamMesh.Mesh.Security;

/// <summary>Counts of the tracker's access decisions, for /metrics. Thread-safe.</summary>
public sealed class TrackerAccessCounters
{
    private readonly long[] _viewerTokenRefusals = new long[Enum.GetValues<ViewerTokenStatus>().Length];
    private long _viewerTokensAccepted;
    private long _groupRefusals;
    private long _siteRefusals;
    private long _nodeKeyRefusals;
    private long _nodeKeysAccepted;

    /// <summary>Joins admitted on a valid viewer token.</summary>
    public long ViewerTokensAccepted => Interlocked.Read(ref _viewerTokensAccepted);

    /// <summary>Tokens whose group claim the stream does not admit.</summary>
    public long GroupRefusals => Interlocked.Read(ref _groupRefusals);

    /// <summary>Tokens pinned to another site than the joiner declared.</summary>
    public long SiteRefusals => Interlocked.Read(ref _siteRefusals);

    /// <summary>Relay joins without a node key or with a wrong one.</summary>
    public long NodeKeyRefusals => Interlocked.Read(ref _nodeKeyRefusals);

    /// <summary>Relay joins admitted on a node key.</summary>
    public long NodeKeysAccepted => Interlocked.Read(ref _nodeKeysAccepted);

    /// <summary>Refused viewer tokens by reason (Missing, Malformed, BadSignature, Expired, WrongStream).</summary>
    public long ViewerTokenRefusals(ViewerTokenStatus status) => Interlocked.Read(ref _viewerTokenRefusals[(int)status]);

    internal void CountToken(ViewerTokenStatus status)
    {
        if (status == ViewerTokenStatus.Valid)
        {
            Interlocked.Increment(ref _viewerTokensAccepted);
        }
        else
        {
            Interlocked.Increment(ref _viewerTokenRefusals[(int)status]);
        }
    }

    internal void CountGroupRefusal() => Interlocked.Increment(ref _groupRefusals);

    internal void CountSiteRefusal() => Interlocked.Increment(ref _siteRefusals);

    internal void CountNodeKey(bool accepted) => Interlocked.Increment(ref accepted ? ref _nodeKeysAccepted : ref _nodeKeyRefusals);
}
