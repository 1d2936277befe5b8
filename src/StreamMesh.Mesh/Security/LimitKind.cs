namespace StreamMesh.Mesh.Security;

/// <summary>The limits whose refusals are counted (label <c>limit</c> of streammesh_limit_refusals_total).</summary>
public enum LimitKind
{
    /// <summary>WHEP offer refused: the node serves <see cref="LimitsOptions.MaxViewers"/> sessions.</summary>
    MaxViewers = 0,

    /// <summary>WHEP/WHIP session creation over the per-address rate (429).</summary>
    SessionRate = 1,

    /// <summary>Tracker request over the per-address rate (429).</summary>
    TrackerRate = 2,

    /// <summary>Request body over its size limit (413).</summary>
    BodySize = 3,

    /// <summary>Admin route without a valid admin token (401).</summary>
    AdminToken = 4,

    /// <summary>A new client address while the rate limiter's address table was full of active buckets (429).</summary>
    AddressTableFull = 5,
}
