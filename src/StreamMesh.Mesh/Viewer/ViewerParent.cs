namespace StreamMesh.Mesh.Viewer;

/// <summary>The node a viewer attaches to: its WHEP resource URL and a short description for the progress line.</summary>
public sealed record ViewerParent(Uri WhepUrl, string Description)
{
    /// <summary>The parent's id in the tracker's tree; null when the URL was given by hand.</summary>
    public string? PeerId { get; init; }

    /// <summary>The tracker's single-use ticket for this parent, sent as <c>Authorization: Bearer</c>.</summary>
    public string? Ticket { get; init; }
}
