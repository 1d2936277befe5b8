namespace StreamMesh.Mesh.LoadTesting;

/// <summary>Where one headless viewer sends its WHEP offer, and the bearer token (tracker ticket) to present, if any.</summary>
public sealed record WhepTarget(Uri Endpoint, string? BearerToken = null);
