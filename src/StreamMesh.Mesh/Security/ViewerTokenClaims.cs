namespace StreamMesh.Mesh.Security;

/// <summary>What a viewer token grants: watching <paramref name="Stream"/> until <paramref name="ExpiresAt"/>.</summary>
/// <param name="Stream">The private stream the holder may join (JWT private claim "stream").</param>
/// <param name="ExpiresAt">End of validity (JWT "exp", whole seconds).</param>
/// <param name="Site">Optional site the holder is pinned to (private claim "site").</param>
/// <param name="Group">Optional audience group, e.g. "staff" or "press" (private claim "group").</param>
/// <param name="Subject">Optional label of the holder for logs (JWT "sub"); not an identity proof.</param>
public sealed record ViewerTokenClaims(string Stream, DateTimeOffset ExpiresAt, string? Site = null, string? Group = null, string? Subject = null);
