namespace StreamMesh.Mesh.Tracker;

/// <summary>What a heartbeat says about the peer's warm standby: it keeps one, to <paramref name="Parent"/> (null: none now).</summary>
internal readonly record struct HeldStandby(string? Parent);
