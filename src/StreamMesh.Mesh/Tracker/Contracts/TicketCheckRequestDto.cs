namespace StreamMesh.Mesh.Tracker.Contracts;

/// <summary>Body of POST /api/streams/{stream}/tickets/verify, for parents that prefer asking the tracker.</summary>
public sealed record TicketCheckRequestDto
{
    /// <summary>The ticket the child presented.</summary>
    public required string Ticket { get; init; }

    /// <summary>The parent checking it.</summary>
    public required string ParentId { get; init; }
}
