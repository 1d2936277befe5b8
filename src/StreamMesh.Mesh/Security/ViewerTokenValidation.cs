namespace StreamMesh.Mesh.Security;

/// <summary>Result of <see cref="ViewerTokenKey.Validate"/>.</summary>
/// <param name="Status">Why the token was accepted or refused.</param>
/// <param name="Claims">The claims when the signature verified (also for expired or misaddressed tokens).</param>
public sealed record ViewerTokenValidation(ViewerTokenStatus Status, ViewerTokenClaims? Claims)
{
    /// <summary>True when the holder may join.</summary>
    public bool IsValid => Status == ViewerTokenStatus.Valid;

    /// <summary>A sentence for the 401/403 problem detail.</summary>
    public string Describe(string stream) => Status switch
    {
        ViewerTokenStatus.Valid => "valid",
        ViewerTokenStatus.Missing => $"stream '{stream}' is private: join with a viewer token (\"token\" in the join body, or ?token= on the player page)",
        ViewerTokenStatus.Malformed => "the viewer token is malformed (expected header.payload.signature, HS256, see docs/security.md)",
        ViewerTokenStatus.BadSignature => "the viewer token's signature does not verify with the operator's key (forged, altered or signed with another key)",
        ViewerTokenStatus.Expired => $"the viewer token expired at {Claims?.ExpiresAt:yyyy-MM-ddTHH:mm:ssZ}; ask for a new one",
        ViewerTokenStatus.WrongStream => $"the viewer token is for stream '{Claims?.Stream}', not '{stream}'",
        _ => Status.ToString(),
    };
}
