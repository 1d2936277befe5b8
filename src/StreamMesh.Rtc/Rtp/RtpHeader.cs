using System.Buffers.Binary;

namespace StreamMesh.Rtc.Rtp;

/// <summary>
/// The RTP fixed header, CSRC list and header extension block (RFC 3550 §5.1, §5.3.1).
/// Parsed headers are views over the packet bytes (no copies); built headers reference caller spans
/// and serialise with <see cref="WriteTo"/>.
/// </summary>
/// <remarks>
/// Layout (RFC 3550 §5.1):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
/// |                           timestamp                           |
/// |           synchronization source (SSRC) identifier            |
/// |            contributing source (CSRC) identifiers             | x CC
/// |  defined by profile           |           length              | if X
/// |                  header extension (length words)              |
/// </code>
/// </remarks>
public readonly ref struct RtpHeader
{
    /// <summary>Size of the fixed part of the header.</summary>
    public const int FixedLength = 12;

    /// <summary>The only RTP version in use (RFC 3550 §5.1).</summary>
    public const int RtpVersion = 2;

    /// <summary>At most 15 CSRCs fit the 4-bit CC field.</summary>
    public const int MaxCsrcCount = 15;

    private readonly ushort _extensionProfile;
    private readonly ReadOnlySpan<byte> _extensionData;
    private readonly bool _hasExtension;

    /// <summary>The P bit as read from the wire; <see cref="RtpPacket"/> sets it when writing padding.</summary>
    public bool HasPadding { get; init; }

    /// <summary>The marker bit, whose meaning the payload format defines (e.g. last packet of a video frame).</summary>
    public bool Marker { get; init; }

    /// <summary>The 7-bit payload type.</summary>
    public byte PayloadType { get; init; }

    /// <summary>The 16-bit sequence number.</summary>
    public ushort SequenceNumber { get; init; }

    /// <summary>The 32-bit media timestamp.</summary>
    public uint Timestamp { get; init; }

    /// <summary>The synchronization source.</summary>
    public uint Ssrc { get; init; }

    /// <summary>The CSRC list as raw big-endian words (4 bytes each, at most 15).</summary>
    public ReadOnlySpan<byte> CsrcData { get; init; }

    /// <summary>True when the X bit is set (a header extension block follows the CSRCs).</summary>
    public bool HasExtension
    {
        get => _hasExtension;
        init => _hasExtension = value;
    }

    /// <summary>The extension block's "defined by profile" field; setting it implies <see cref="HasExtension"/>.</summary>
    public ushort ExtensionProfile
    {
        get => _extensionProfile;
        init
        {
            _extensionProfile = value;
            _hasExtension = true;
        }
    }

    /// <summary>The extension data after the 4-byte block header, a multiple of 4 bytes; setting it implies <see cref="HasExtension"/>.</summary>
    public ReadOnlySpan<byte> ExtensionData
    {
        get => _extensionData;
        init
        {
            _extensionData = value;
            _hasExtension = true;
        }
    }

    /// <summary>Number of CSRC identifiers.</summary>
    public int CsrcCount => CsrcData.Length / 4;

    /// <summary>The extension block interpreted as RFC 8285 elements.</summary>
    public RtpHeaderExtensions Extensions => new(_extensionProfile, _extensionData);

    /// <summary>Serialized size in bytes: the offset at which the payload starts.</summary>
    public int Length => FixedLength + CsrcData.Length + (_hasExtension ? 4 + _extensionData.Length : 0);

    /// <summary>Reads CSRC number <paramref name="index"/>.</summary>
    public uint GetCsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(CsrcData[(index * 4)..]);
    }

    /// <summary>Finds the RFC 8285 element with <paramref name="id"/>.</summary>
    public bool TryGetExtension(byte id, out ReadOnlySpan<byte> value)
    {
        if (!_hasExtension)
        {
            value = default;
            return false;
        }

        return Extensions.TryFind(id, out value);
    }

    /// <summary>
    /// Parses the header at the start of <paramref name="packet"/>. Strict: version must be 2 and the
    /// CSRC list and extension block must fit. Padding is validated by <see cref="RtpPacket.TryParse"/>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpHeader header)
    {
        header = default;
        if (packet.Length < FixedLength)
        {
            return false;
        }

        byte first = packet[0];
        if (first >> 6 != RtpVersion)
        {
            return false;
        }

        int csrcCount = first & 0x0F;
        int offset = FixedLength + (csrcCount * 4);
        if (offset > packet.Length)
        {
            return false;
        }

        bool hasExtension = (first & 0x10) != 0;
        ushort profile = 0;
        ReadOnlySpan<byte> extensionData = default;
        if (hasExtension)
        {
            if (offset + 4 > packet.Length)
            {
                return false;
            }

            profile = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
            int extensionLength = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]) * 4;
            offset += 4;
            if (offset + extensionLength > packet.Length)
            {
                return false;
            }

            extensionData = packet.Slice(offset, extensionLength);
        }

        header = new RtpHeader
        {
            HasPadding = (first & 0x20) != 0,
            Marker = (packet[1] & 0x80) != 0,
            PayloadType = (byte)(packet[1] & 0x7F),
            SequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]),
            Timestamp = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]),
            Ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]),
            CsrcData = packet.Slice(FixedLength, csrcCount * 4),
        };

        if (hasExtension)
        {
            header = header with { ExtensionProfile = profile, ExtensionData = extensionData };
        }

        return true;
    }

    /// <summary>
    /// Writes the header into <paramref name="destination"/> and returns the bytes written (<see cref="Length"/>).
    /// Throws when the destination is too small or a field is out of range: those are caller bugs, not network input.
    /// </summary>
    public int WriteTo(Span<byte> destination)
    {
        if (PayloadType > 0x7F)
        {
            throw new ArgumentException("Payload type is a 7-bit field.", nameof(destination));
        }

        if (CsrcData.Length % 4 != 0 || CsrcData.Length > MaxCsrcCount * 4)
        {
            throw new ArgumentException("CSRC data must be whole 32-bit words, at most 15.", nameof(destination));
        }

        if (_extensionData.Length % 4 != 0 || _extensionData.Length > ushort.MaxValue * 4)
        {
            throw new ArgumentException("Extension data must be whole 32-bit words (RFC 3550 §5.3.1).", nameof(destination));
        }

        int length = Length;
        if (destination.Length < length)
        {
            throw new ArgumentException($"Destination needs {length} bytes.", nameof(destination));
        }

        destination[0] = (byte)((RtpVersion << 6) | (HasPadding ? 0x20 : 0) | (_hasExtension ? 0x10 : 0) | CsrcCount);
        destination[1] = (byte)((Marker ? 0x80 : 0) | PayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Ssrc);
        CsrcData.CopyTo(destination[FixedLength..]);
        if (_hasExtension)
        {
            int offset = FixedLength + CsrcData.Length;
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], _extensionProfile);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], (ushort)(_extensionData.Length / 4));
            _extensionData.CopyTo(destination[(offset + 4)..]);
        }

        return length;
    }
}
