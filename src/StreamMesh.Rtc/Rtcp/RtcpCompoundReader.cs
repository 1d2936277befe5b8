namespace StreamMesh.Rtc.Rtcp;

/// <summary>
/// Walks the packets of an RTCP compound datagram (RFC 3550 §6.1) without copying. It accepts
/// reduced-size RTCP (RFC 5506 §3: any type first, a single packet) and does not enforce the
/// compound ordering rules. It stops at the first header that is not version 2 or whose length runs
/// past the datagram, and records that in <see cref="IsMalformed"/>; packets before it are still
/// delivered. Packets of kinds this stack does not know are delivered as
/// <see cref="RtcpPacketKind.Unknown"/> so the caller can skip them.
/// </summary>
public ref struct RtcpCompoundReader
{
    private readonly ReadOnlySpan<byte> _datagram;
    private int _offset;
    private RtcpPacketView _current;

    /// <summary>Starts reading at the first byte of <paramref name="datagram"/>.</summary>
    public RtcpCompoundReader(ReadOnlySpan<byte> datagram)
    {
        _datagram = datagram;
        _offset = 0;
        _current = default;
        IsMalformed = false;
        PacketCount = 0;
    }

    /// <summary>True once reading stopped on bytes that are not a valid RTCP packet.</summary>
    public bool IsMalformed { get; private set; }

    /// <summary>Packets delivered so far.</summary>
    public int PacketCount { get; private set; }

    /// <summary>Current position in the datagram.</summary>
    public readonly int Offset => _offset;

    /// <summary>The packet most recently read (for <c>foreach</c>).</summary>
    public readonly RtcpPacketView Current => _current;

    /// <summary>Reads the next packet; false at the end or on malformed bytes.</summary>
    public bool TryReadNext(out RtcpPacketView packet)
    {
        packet = default;
        if (_offset >= _datagram.Length)
        {
            return false;
        }

        ReadOnlySpan<byte> rest = _datagram[_offset..];
        if (!RtcpHeader.TryParse(rest, out RtcpHeader header) || header.PacketLength > rest.Length)
        {
            IsMalformed = true;
            _offset = _datagram.Length;
            return false;
        }

        packet = new RtcpPacketView(header, rest[..header.PacketLength]);
        _offset += header.PacketLength;
        PacketCount++;
        return true;
    }

    /// <summary>Advances for <c>foreach</c>.</summary>
    public bool MoveNext()
    {
        bool read = TryReadNext(out RtcpPacketView packet);
        _current = packet;
        return read;
    }

    /// <summary>Returns itself so the reader can be used in <c>foreach</c>.</summary>
    public readonly RtcpCompoundReader GetEnumerator() => this;
}
