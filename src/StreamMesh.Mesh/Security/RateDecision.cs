namespace StreamMesh.Mesh.Security;

/// <summary>Outcome of <see cref="AddressRateLimiter.TryAcquire"/>.</summary>
/// <param name="IsAllowed">True when the request may proceed.</param>
/// <param name="RetryAfter">When refused, the wait until the next token.</param>
/// <param name="TableFull">Refused because the address table was full, not because this address was too fast.</param>
public readonly record struct RateDecision(bool IsAllowed, TimeSpan RetryAfter, bool TableFull)
{
    public static RateDecision Allowed => new(true, TimeSpan.Zero, false);

    /// <summary>Retry-After in whole seconds (RFC 9110 §10.2.3), at least 1.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));
}
