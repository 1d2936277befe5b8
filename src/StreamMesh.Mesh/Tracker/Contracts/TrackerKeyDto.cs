namespace StreamMesh.Mesh.Tracker.Contracts;

/// <summary>GET /api/tracker/key: the key parents verify tickets with.</summary>
public sealed record TrackerKeyDto
{
    /// <summary>Always "ES256".</summary>
    public required string Algorithm { get; init; }

    /// <summary>Key fingerprint.</summary>
    public required string KeyId { get; init; }

    /// <summary>Base64 DER SubjectPublicKeyInfo of the P-256 key.</summary>
    public required string PublicKey { get; init; }
}
