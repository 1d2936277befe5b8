namespace StreamMesh.Mesh.Viewer;

/// <summary>The node a viewer attaches to: its WHEP resource URL and a short description for the progress line.</summary>
public sealed record ViewerParent(Uri WhepUrl, string Description);
