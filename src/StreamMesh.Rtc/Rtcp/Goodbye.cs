namespace StreamMesh.Rtc.Rtcp;

/// <summary>
/// Goodbye, BYE (RFC 3550 §6.6): the sources leaving, optionally with a reason.
/// <code>
/// |V=2|P|    SC   |   PT=BYE=203  |             length            |
/// |                           SSRC/CSRC                           | x SC
/// |     length    |               reason for leaving            ... (opt)
/// </code>
/// </summary>
public readonly ref struct Goodbye : IRtcpPacket<Goodbye>
{
    /// <summary>Builds a BYE for one source.</summary>
    public Goodbye(uint ssrc, ReadOnlySpan<byte> reasonUtf8 = default)
        : this(new SsrcList(ssrc), reasonUtf8)
    {
    }

    /// <summary>Builds a BYE for up to 31 sources.</summary>
    public Goodbye(ReadOnlySpan<uint> ssrcs, ReadOnlySpan<byte> reasonUtf8 = default)
        : this(new SsrcList(ssrcs), reasonUtf8)
    {
    }

    private Goodbye(SsrcList sources, ReadOnlySpan<byte> reason)
    {
        if (sources.Count > 31)
        {
            throw new ArgumentException("At most 31 sources fit the SC field.", nameof(sources));
        }

        if (reason.Length > 255)
        {
            throw new ArgumentException("The reason is at most 255 bytes.", nameof(reason));
        }

        Sources = sources;
        Reason = reason;
    }

    /// <summary>The sources leaving.</summary>
    public SsrcList Sources { get; }

    /// <summary>The optional UTF-8 reason.</summary>
    public ReadOnlySpan<byte> Reason { get; }

    /// <inheritdoc />
    public int Length => RtcpHeader.Size + (Sources.Count * 4) + (Reason.IsEmpty ? 0 : (1 + Reason.Length + 3) & ~3);

    /// <inheritdoc />
    public static bool TryParse(ReadOnlySpan<byte> data, out Goodbye packet)
    {
        packet = default;
        if (!RtcpFraming.TryGetBody(data, RtcpPacketType.Goodbye, out RtcpHeader header, out ReadOnlySpan<byte> body))
        {
            return false;
        }

        int sourcesLength = header.Count * 4;
        if (body.Length < sourcesLength)
        {
            return false;
        }

        ReadOnlySpan<byte> reason = default;
        ReadOnlySpan<byte> rest = body[sourcesLength..];
        if (!rest.IsEmpty && rest[0] != 0)
        {
            if (1 + rest[0] > rest.Length)
            {
                return false;
            }

            reason = rest.Slice(1, rest[0]);
        }

        packet = new Goodbye(SsrcList.FromWire(body[..sourcesLength]), reason);
        return true;
    }

    /// <inheritdoc />
    public int WriteTo(Span<byte> destination)
    {
        int length = Length;
        RtcpFraming.EnsureCapacity(destination, length);
        RtcpFraming.WriteHeader(destination, Sources.Count, RtcpPacketType.Goodbye, length);
        int offset = RtcpHeader.Size + Sources.WriteTo(destination[RtcpHeader.Size..]);
        if (!Reason.IsEmpty)
        {
            destination[offset] = (byte)Reason.Length;
            Reason.CopyTo(destination[(offset + 1)..]);
            destination[(offset + 1 + Reason.Length)..length].Clear();
        }

        return length;
    }
}
