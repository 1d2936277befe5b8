using System.Net;

namespace StreamMesh.Mesh.LoadTesting;

/// <summary>
/// Where one headless viewer sends its WHEP offer, the bearer token (tracker ticket) to present, if
/// any, the local address its socket binds to (null: the run's default) and the parent's peer id in
/// the tree, when known.
/// </summary>
public sealed record WhepTarget(Uri Endpoint, string? BearerToken = null, IPAddress? LocalAddress = null, string? ParentId = null);
