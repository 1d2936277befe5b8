namespace StreamMesh.Mesh.Streams;

/// <summary>
/// One track of a live stream as its publisher writes it: the stream-level SSRC, the payload type and
/// extension ids used in the canonical packets, and the codec. Subscribers rewrite payload type and
/// extension ids to what each peer negotiated.
/// </summary>
public sealed record StreamTrack(MediaKind Kind, string Codec, int ClockRate, int Channels, uint Ssrc, uint RtxSsrc, byte PayloadType)
{
    /// <summary>Canonical one-byte header-extension id of abs-send-time in published packets.</summary>
    public const byte AbsSendTimeId = 2;

    /// <summary>Canonical one-byte header-extension id of abs-capture-time in published packets.</summary>
    public const byte AbsCaptureTimeId = 3;
}
