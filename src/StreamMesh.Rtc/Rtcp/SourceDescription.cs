using System.Buffers.Binary;
using System.Text;

namespace StreamMesh.Rtc.Rtcp;

/// <summary>
/// Source description, SDES (RFC 3550 §6.5). Parsed packets expose every chunk and item; built
/// packets carry one CNAME item per chunk, which is all WebRTC sends.
/// <code>
/// |V=2|P|    SC   |  PT=SDES=202  |             length            |
/// |                          SSRC/CSRC_1                          |
/// |    CNAME=1    |     length    | user and domain name        ...
/// |  ... items ... | 0 (end) | null padding to 32 bits            |
/// |                          SSRC/CSRC_2 ...                      |
/// </code>
/// </summary>
public readonly ref struct SourceDescription : IRtcpPacket<SourceDescription>
{
    private readonly ReadOnlySpan<byte> _wire;
    private readonly ReadOnlySpan<CnameChunk> _chunks;
    private readonly CnameChunk _single;
    private readonly byte _mode; // 0 = chunks span, 1 = wire, 2 = single chunk

    /// <summary>Builds an SDES with one CNAME chunk.</summary>
    public SourceDescription(uint ssrc, string cname)
    {
        ValidateCname(cname);
        _single = new CnameChunk(ssrc, cname);
        _mode = 2;
        ChunkCount = 1;
    }

    /// <summary>Builds an SDES with one CNAME chunk per entry (at most 31).</summary>
    public SourceDescription(ReadOnlySpan<CnameChunk> chunks)
    {
        if (chunks.Length > 31)
        {
            throw new ArgumentException("At most 31 chunks fit the SC field.", nameof(chunks));
        }

        foreach (CnameChunk chunk in chunks)
        {
            ValidateCname(chunk.Cname);
        }

        _chunks = chunks;
        _mode = 0;
        ChunkCount = chunks.Length;
    }

    private SourceDescription(ReadOnlySpan<byte> wire, int count)
    {
        _wire = wire;
        _mode = 1;
        ChunkCount = count;
    }

    /// <summary>Number of chunks (the SC field).</summary>
    public int ChunkCount { get; }

    /// <inheritdoc />
    public int Length
    {
        get
        {
            if (_mode == 1)
            {
                return RtcpHeader.Size + _wire.Length;
            }

            if (_mode == 2)
            {
                return RtcpHeader.Size + GetChunkLength(_single.Cname);
            }

            int length = RtcpHeader.Size;
            foreach (CnameChunk chunk in _chunks)
            {
                length += GetChunkLength(chunk.Cname);
            }

            return length;
        }
    }

    /// <summary>Finds the CNAME of <paramref name="ssrc"/> in a parsed packet.</summary>
    public bool TryGetCname(uint ssrc, out ReadOnlySpan<byte> cname)
    {
        foreach (SdesChunk chunk in this)
        {
            if (chunk.Ssrc == ssrc && chunk.TryGetItem(SdesItemType.Cname, out cname))
            {
                return true;
            }
        }

        cname = default;
        return false;
    }

    /// <inheritdoc />
    public static bool TryParse(ReadOnlySpan<byte> data, out SourceDescription packet)
    {
        packet = default;
        if (!RtcpFraming.TryGetBody(data, RtcpPacketType.SourceDescription, out RtcpHeader header, out ReadOnlySpan<byte> body))
        {
            return false;
        }

        int offset = 0;
        for (int i = 0; i < header.Count; i++)
        {
            int chunkLength = SdesChunk.Measure(body[offset..], out _, out _);
            if (chunkLength < 0)
            {
                return false;
            }

            offset += chunkLength;
        }

        packet = new SourceDescription(body[..offset], header.Count);
        return true;
    }

    /// <inheritdoc />
    public int WriteTo(Span<byte> destination)
    {
        int length = Length;
        RtcpFraming.EnsureCapacity(destination, length);
        RtcpFraming.WriteHeader(destination, ChunkCount, RtcpPacketType.SourceDescription, length);
        int offset = RtcpHeader.Size;
        switch (_mode)
        {
            case 1:
                _wire.CopyTo(destination[offset..]);
                break;
            case 2:
                WriteChunk(destination[offset..], _single);
                break;
            default:
                foreach (CnameChunk chunk in _chunks)
                {
                    offset += WriteChunk(destination[offset..], chunk);
                }

                break;
        }

        return length;
    }

    /// <summary>Enumerates the chunks of a parsed packet (built packets enumerate nothing).</summary>
    public Enumerator GetEnumerator() => new(_mode == 1 ? _wire : default);

    private static int GetChunkLength(string cname) =>
        (4 + 2 + Encoding.UTF8.GetByteCount(cname) + 1 + 3) & ~3;

    private static int WriteChunk(Span<byte> destination, CnameChunk chunk)
    {
        int chunkLength = GetChunkLength(chunk.Cname);
        BinaryPrimitives.WriteUInt32BigEndian(destination, chunk.Ssrc);
        destination[4] = (byte)SdesItemType.Cname;
        int textLength = Encoding.UTF8.GetBytes(chunk.Cname, destination[6..]);
        destination[5] = (byte)textLength;

        // RFC 3550 §6.5: the item list ends with a null octet, then null padding to a 32-bit boundary.
        destination[(6 + textLength)..chunkLength].Clear();
        return chunkLength;
    }

    private static void ValidateCname(string cname)
    {
        ArgumentNullException.ThrowIfNull(cname);
        int length = Encoding.UTF8.GetByteCount(cname);
        if (length is 0 or > 255)
        {
            throw new ArgumentException("A CNAME is 1 to 255 UTF-8 bytes.", nameof(cname));
        }
    }

    /// <summary>Allocation-free enumerator over parsed chunks.</summary>
    public ref struct Enumerator
    {
        private ReadOnlySpan<byte> _remaining;
        private SdesChunk _current;

        internal Enumerator(ReadOnlySpan<byte> wire)
        {
            _remaining = wire;
            _current = default;
        }

        /// <summary>The current chunk.</summary>
        public readonly SdesChunk Current => _current;

        /// <summary>Advances to the next chunk.</summary>
        public bool MoveNext()
        {
            if (_remaining.IsEmpty)
            {
                return false;
            }

            int length = SdesChunk.Measure(_remaining, out uint ssrc, out ReadOnlySpan<byte> items);
            if (length < 0)
            {
                return false;
            }

            _current = new SdesChunk(ssrc, items);
            _remaining = _remaining[length..];
            return true;
        }
    }
}
