namespace StreamMesh.Topology.Tree;

/// <summary>Media statistics a peer reports with its heartbeat; stored for the tree view, not used for ranking.</summary>
/// <param name="ReceiveKbps">Media bitrate received from the parent, kbit/s.</param>
/// <param name="SendKbps">Media bitrate sent to all children, kbit/s.</param>
/// <param name="LossFraction">Fraction of packets lost from the parent in the last interval, 0–1.</param>
/// <param name="JitterMs">Interarrival jitter from the parent, ms.</param>
public sealed record PeerStats(double ReceiveKbps, double SendKbps, double LossFraction, double JitterMs);
