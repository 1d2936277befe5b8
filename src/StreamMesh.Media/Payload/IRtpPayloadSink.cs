namespace StreamMesh.Media.Payload;

/// <summary>
/// Receives the RTP payloads a payloader produces for one frame. The payload of the packet is
/// <paramref name="payloadHeader"/> immediately followed by <paramref name="payloadBody"/>; the
/// two are handed over separately so the frame bytes are never copied by the payloader — the
/// sink writes the RTP header and copies both parts into the outgoing datagram exactly once.
/// </summary>
/// <remarks>
/// Both spans are only valid for the duration of the call (the header lives in the payloader's
/// reusable scratch buffer, the body in the caller's frame). All packets of one frame share the
/// same RTP timestamp; the sink assigns consecutive sequence numbers.
/// </remarks>
public interface IRtpPayloadSink
{
    /// <summary>Called once per RTP packet, in sending order.</summary>
    /// <param name="payloadHeader">Payload-format header bytes (FU indicator/header, VP8 descriptor, ...); may be empty.</param>
    /// <param name="payloadBody">Bytes that follow the payload-format header; may be empty.</param>
    /// <param name="marker">Value of the RTP marker bit for this packet.</param>
    void OnPayload(ReadOnlySpan<byte> payloadHeader, ReadOnlySpan<byte> payloadBody, bool marker);
}
