using StreamMesh.Mesh.Hosting;

namespace StreamMesh.Mesh.Security;

/// <summary>
/// Resource limits of a node (section <c>Limits</c>, docs/security.md). Every refusal they cause is counted in /metrics
/// (<c>streammesh_limit_refusals_total</c>, <c>streammesh_sessions_reaped_total</c>).
/// </summary>
public sealed record LimitsOptions : IValidatedOptions
{
    public const string Section = "Limits";

    /// <summary>WHEP sessions this node serves at most; further offers get 503 with Retry-After. 0 = unlimited.</summary>
    public int MaxViewers { get; init; } = 1_000;

    /// <summary>Sustained WHEP/WHIP session creations per second per client address (token bucket refill). 0 = unlimited.</summary>
    public double SessionsPerSecondPerAddress { get; init; } = 50;

    /// <summary>Bucket size: session creations a single address may burst before 429.</summary>
    public int SessionBurstPerAddress { get; init; } = 500;

    /// <summary>Sustained tracker API requests per second per client address. 0 = unlimited.</summary>
    public double TrackerRequestsPerSecondPerAddress { get; init; } = 200;

    /// <summary>Tracker requests a single address may burst before 429 (a whole office behind one NAT joins at once).</summary>
    public int TrackerBurstPerAddress { get; init; } = 2_000;

    /// <summary>Client addresses whose buckets are remembered; beyond it idle buckets are dropped, then new addresses wait.</summary>
    public int MaxTrackedAddresses { get; init; } = 100_000;

    /// <summary>Largest HTTP request body Kestrel accepts (WHEP offers, tracker JSON), bytes.</summary>
    public long MaxRequestBodyBytes { get; init; } = 64 * 1024;

    /// <summary>A WHEP session whose ICE/DTLS has not completed after this many seconds is reaped.</summary>
    public double HandshakeTimeoutSeconds { get; init; } = 15;

    /// <summary>A connected WHEP session that stays disconnected (no consent, no media path) this long is reaped.</summary>
    public double IdleTimeoutSeconds { get; init; } = 20;

    /// <summary>Kestrel's limit for receiving request headers (slow-loris protection).</summary>
    public double RequestHeadersTimeoutSeconds { get; init; } = 10;

    /// <summary>Kestrel's keep-alive timeout for idle HTTP connections.</summary>
    public double KeepAliveTimeoutSeconds { get; init; } = 120;

    /// <summary>Kestrel's maximum concurrent HTTP connections. 0 = unlimited.</summary>
    public int MaxConnections { get; init; } = 10_000;

    public TimeSpan HandshakeTimeout => TimeSpan.FromSeconds(HandshakeTimeoutSeconds);

    public TimeSpan IdleTimeout => TimeSpan.FromSeconds(IdleTimeoutSeconds);

    public void Validate()
    {
        Require(MaxViewers is >= 0 and <= 1_000_000, nameof(MaxViewers), "0..1000000", MaxViewers);
        Require(SessionsPerSecondPerAddress is >= 0 and <= 100_000, nameof(SessionsPerSecondPerAddress), "0..100000", SessionsPerSecondPerAddress);
        Require(SessionBurstPerAddress is >= 1 and <= 1_000_000, nameof(SessionBurstPerAddress), "1..1000000", SessionBurstPerAddress);
        Require(TrackerRequestsPerSecondPerAddress is >= 0 and <= 1_000_000, nameof(TrackerRequestsPerSecondPerAddress), "0..1000000", TrackerRequestsPerSecondPerAddress);
        Require(TrackerBurstPerAddress is >= 1 and <= 10_000_000, nameof(TrackerBurstPerAddress), "1..10000000", TrackerBurstPerAddress);
        Require(MaxTrackedAddresses is >= 16 and <= 10_000_000, nameof(MaxTrackedAddresses), "16..10000000", MaxTrackedAddresses);
        Require(MaxRequestBodyBytes is >= 4096 and <= 16 * 1024 * 1024, nameof(MaxRequestBodyBytes), "4096..16777216", MaxRequestBodyBytes);
        Require(HandshakeTimeoutSeconds is >= 1 and <= 600, nameof(HandshakeTimeoutSeconds), "1..600", HandshakeTimeoutSeconds);
        Require(IdleTimeoutSeconds is >= 1 and <= 3600, nameof(IdleTimeoutSeconds), "1..3600", IdleTimeoutSeconds);
        Require(RequestHeadersTimeoutSeconds is >= 1 and <= 300, nameof(RequestHeadersTimeoutSeconds), "1..300", RequestHeadersTimeoutSeconds);
        Require(KeepAliveTimeoutSeconds is >= 1 and <= 3600, nameof(KeepAliveTimeoutSeconds), "1..3600", KeepAliveTimeoutSeconds);
        Require(MaxConnections is >= 0 and <= 10_000_000, nameof(MaxConnections), "0..10000000", MaxConnections);
    }

    private static void Require(bool ok, string name, string range, object value)
    {
        // NaN fails every range comparison above, so it lands here too.
        if (!ok)
        {
            throw new ArgumentException($"Limits:{name} must be in {range} (got {value})");
        }
    }
}
