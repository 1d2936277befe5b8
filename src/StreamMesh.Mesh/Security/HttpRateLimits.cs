using Microsoft.Extensions.Options;

namespace StreamMesh.Mesh.Security;

/// <summary>The node's two per-address limiters: WHEP/WHIP session creation and tracker requests.</summary>
public sealed class HttpRateLimits
{
    public HttpRateLimits(IOptions<LimitsOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        LimitsOptions o = options.Value;
        Sessions = new AddressRateLimiter(o.SessionsPerSecondPerAddress, o.SessionBurstPerAddress, o.MaxTrackedAddresses, time);
        Tracker = new AddressRateLimiter(o.TrackerRequestsPerSecondPerAddress, o.TrackerBurstPerAddress, o.MaxTrackedAddresses, time);
    }

    public AddressRateLimiter Sessions { get; }

    public AddressRateLimiter Tracker { get; }
}
