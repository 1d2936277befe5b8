namespace StreamMesh.Mesh.Tracker.Contracts;

/// <summary>A ticket that verified.</summary>
public sealed record TicketCheckResponseDto
{
    /// <summary>Stream.</summary>
    public required string Stream { get; init; }

    /// <summary>The child the slot belongs to.</summary>
    public required string ChildId { get; init; }

    /// <summary>The parent.</summary>
    public required string ParentId { get; init; }

    /// <summary>Expiry.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }
}
