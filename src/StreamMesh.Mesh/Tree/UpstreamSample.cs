namespace StreamMesh.Mesh.Tree;

/// <summary>What arrived from the parent since the previous sample.</summary>
/// <param name="ReceiveKbps">Media bitrate received (RTP bytes), kbit/s.</param>
/// <param name="LossFraction">Packets lost ÷ packets expected over the interval (RFC 3550 A.3), 0–1.</param>
/// <param name="JitterMs">Interarrival jitter of the video source now (RFC 3550 A.8), ms.</param>
public readonly record struct UpstreamSample(double ReceiveKbps, double LossFraction, double JitterMs);
