namespace StreamMesh.Rtc.Rtp;

/// <summary>
/// An RTP packet: header, payload and optional padding (RFC 3550 §5.1). Parsing creates views over
/// the datagram; building references caller spans and writes with <see cref="WriteTo"/>.
/// </summary>
public readonly ref struct RtpPacket
{
    /// <summary>The header (fixed part, CSRCs, extension block).</summary>
    public RtpHeader Header { get; init; }

    /// <summary>The payload, without padding.</summary>
    public ReadOnlySpan<byte> Payload { get; init; }

    /// <summary>Padding bytes after the payload, including the final count octet (0 = no padding).</summary>
    public byte PaddingLength { get; init; }

    /// <summary>Offset of the payload in the packet (the header length).</summary>
    public int PayloadOffset => Header.Length;

    /// <summary>Payload length in bytes.</summary>
    public int PayloadLength => Payload.Length;

    /// <summary>Serialized size in bytes.</summary>
    public int Length => Header.Length + Payload.Length + PaddingLength;

    /// <summary>
    /// Parses a whole RTP packet. With the P bit set the last octet counts the padding bytes including
    /// itself; a zero count or a count reaching into the header is rejected (RFC 3550 §5.1).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out RtpPacket packet)
    {
        packet = default;
        if (!RtpHeader.TryParse(datagram, out RtpHeader header))
        {
            return false;
        }

        int headerLength = header.Length;
        int paddingLength = 0;
        if (header.HasPadding)
        {
            if (datagram.Length == headerLength)
            {
                return false;
            }

            paddingLength = datagram[^1];
            if (paddingLength == 0 || paddingLength > datagram.Length - headerLength)
            {
                return false;
            }
        }

        packet = new RtpPacket
        {
            Header = header,
            Payload = datagram[headerLength..^paddingLength],
            PaddingLength = (byte)paddingLength,
        };
        return true;
    }

    /// <summary>
    /// Writes header, payload and padding (zeros, then the count octet) and returns the bytes written.
    /// The P bit is set from <see cref="PaddingLength"/>, whatever <see cref="RtpHeader.HasPadding"/> says.
    /// </summary>
    public int WriteTo(Span<byte> destination)
    {
        int length = Length;
        if (destination.Length < length)
        {
            throw new ArgumentException($"Destination needs {length} bytes.", nameof(destination));
        }

        RtpHeader header = Header with { HasPadding = PaddingLength > 0 };
        int offset = header.WriteTo(destination);
        Payload.CopyTo(destination[offset..]);
        offset += Payload.Length;
        if (PaddingLength > 0)
        {
            destination.Slice(offset, PaddingLength - 1).Clear();
            destination[offset + PaddingLength - 1] = PaddingLength;
            offset += PaddingLength;
        }

        return offset;
    }
}
