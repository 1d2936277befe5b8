namespace StreamMesh.Rtc.Rtcp;

/// <summary>A fixed-size entry repeated inside an RTCP packet (report block, NACK pair, FIR entry).</summary>
/// <typeparam name="TSelf">The implementing item type.</typeparam>
public interface IRtcpListItem<TSelf>
    where TSelf : struct, IRtcpListItem<TSelf>
{
    /// <summary>Wire size of one item in bytes.</summary>
    static abstract int Size { get; }

    /// <summary>Decodes one item from exactly <see cref="Size"/> bytes or more.</summary>
    static abstract TSelf Read(ReadOnlySpan<byte> data);

    /// <summary>Encodes the item and returns <see cref="Size"/>.</summary>
    int WriteTo(Span<byte> destination);
}
