namespace StreamMesh.Rtc.Rtcp;

/// <summary>
/// Builds a compound RTCP datagram (RFC 3550 §6.1) by appending packets into a caller buffer.
/// Ordering is the caller's choice: full compounds start with SR or RR and carry an SDES CNAME,
/// reduced-size feedback (RFC 5506) may be a single packet of any type.
/// </summary>
public ref struct RtcpCompoundWriter
{
    private readonly Span<byte> _destination;
    private int _length;

    /// <summary>Starts an empty compound in <paramref name="destination"/>.</summary>
    public RtcpCompoundWriter(Span<byte> destination)
    {
        _destination = destination;
        _length = 0;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Length => _length;

    /// <summary>Space left in the buffer.</summary>
    public readonly int Remaining => _destination.Length - _length;

    /// <summary>The compound written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _destination[.._length];

    /// <summary>Appends a packet; false (nothing written) when it does not fit.</summary>
    public bool TryAppend<T>(scoped T packet)
        where T : IRtcpPacket<T>, allows ref struct
    {
        int length = packet.Length;
        if (length > Remaining)
        {
            return false;
        }

        _length += packet.WriteTo(_destination[_length..]);
        return true;
    }
}
