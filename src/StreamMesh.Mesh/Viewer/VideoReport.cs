namespace StreamMesh.Mesh.Viewer;

/// <summary>Video reception of one viewer run.</summary>
/// <param name="Codec">Negotiated codec name (H264, VP8).</param>
/// <param name="Packets">RTP packets received on the media SSRC (not counting retransmissions).</param>
/// <param name="NetworkLost">Packets missing on the wire (RFC 3550 A.3 cumulative lost), before repair.</param>
/// <param name="Retransmissions">RTX packets received (RFC 4588).</param>
/// <param name="LostAfterRepair">Packets still missing after NACK repair, given up by the reorder buffer.</param>
/// <param name="NacksSent">Sequence numbers requested in Generic NACKs (RFC 4585 §6.2.1).</param>
/// <param name="PlisSent">Picture loss indications sent (RFC 4585 §6.3.1).</param>
/// <param name="Frames">Complete frames depayloaded.</param>
/// <param name="Keyframes">Of those, keyframes.</param>
/// <param name="FramesDropped">Frames dropped by the depayloader (incomplete, malformed, or waiting for a keyframe).</param>
public sealed record VideoReport(
    string Codec,
    long Packets,
    long NetworkLost,
    long Retransmissions,
    long LostAfterRepair,
    long NacksSent,
    long PlisSent,
    long Frames,
    long Keyframes,
    long FramesDropped);
