namespace StreamMesh.Mesh.Tracker.Dashboard;

/// <summary>What the dashboard shows at one moment: every stream's tree and its summary. Sent as one SSE event.</summary>
public sealed record DashboardSnapshotDto
{
    /// <summary>When the snapshot was taken (tracker clock).</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>Increases by one per snapshot; a client can tell it missed some (bounded buffers drop the oldest).</summary>
    public required long Sequence { get; init; }

    /// <summary>Streams, by name.</summary>
    public required IReadOnlyList<DashboardStreamDto> Streams { get; init; }
}
