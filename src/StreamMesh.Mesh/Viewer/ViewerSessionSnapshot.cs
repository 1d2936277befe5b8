namespace StreamMesh.Mesh.Viewer;

/// <summary>A consistent copy of a <see cref="ViewerSession"/>'s counters.</summary>
/// <param name="Bytes">RTP bytes received, audio and video, retransmissions included.</param>
public sealed record ViewerSessionSnapshot(long Bytes, VideoReport Video, AudioReport Audio, LatencyReport Latency, int? LastLatencyMilliseconds, long SilenceSamplesInserted);
