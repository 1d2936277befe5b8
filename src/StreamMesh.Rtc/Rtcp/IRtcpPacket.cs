namespace StreamMesh.Rtc.Rtcp;

/// <summary>
/// The contract every RTCP packet type follows: parse from bytes without throwing, report its size,
/// and serialize into a caller buffer. Implemented by ref structs, hence <c>allows ref struct</c>;
/// generic callers such as <see cref="RtcpCompoundWriter"/> use it without boxing.
/// </summary>
/// <typeparam name="TSelf">The implementing packet type.</typeparam>
public interface IRtcpPacket<TSelf>
    where TSelf : IRtcpPacket<TSelf>, allows ref struct
{
    /// <summary>
    /// Parses one packet at the start of <paramref name="data"/> (bytes after it are ignored).
    /// Returns false for malformed or foreign packets; never throws on network input.
    /// </summary>
    static abstract bool TryParse(ReadOnlySpan<byte> data, out TSelf packet);

    /// <summary>Serialized size in bytes (a multiple of 4).</summary>
    int Length { get; }

    /// <summary>Writes the packet and returns the bytes written (<see cref="Length"/>); throws if the buffer is too small.</summary>
    int WriteTo(Span<byte> destination);
}
