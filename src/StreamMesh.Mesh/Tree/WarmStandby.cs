namespace StreamMesh.Mesh.Tree;

/// <summary>A connected, receive-only session to a backup parent, kept for a switch without a handshake.</summary>
/// <param name="Link">The upstream link; it publishes nothing until activated.</param>
/// <param name="BackupId">The backup it is connected to.</param>
internal sealed record WarmStandby(UpstreamLink Link, string BackupId);
