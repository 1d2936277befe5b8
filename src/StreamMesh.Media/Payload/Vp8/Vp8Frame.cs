namespace StreamMesh.Media.Payload.Vp8;

/// <summary>Inspection of raw VP8 frames.</summary>
public static class Vp8Frame
{
    /// <summary>
    /// True when the frame is a key frame: the P bit (bit 0 of the first byte of the frame tag,
    /// RFC 6386 §9.1, restated as the VP8 payload header in RFC 7741 §4.3) is 0.
    /// </summary>
    public static bool IsKeyframe(ReadOnlySpan<byte> frame) => !frame.IsEmpty && (frame[0] & 0x01) == 0;
}
