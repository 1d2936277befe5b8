using System.Buffers.Binary;

namespace StreamMesh.Rtc.Rtcp;

/// <summary>
/// Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1):
/// RTPFB FMT=15 reporting, for a range of transport-wide sequence numbers, which packets arrived and
/// when. Parsed packets are validated up front and then enumerated lazily; built packets encode a
/// caller span of statuses into run-length and status-vector chunks. Padding to 32 bits uses the P
/// bit, as libwebrtc does.
/// <code>
/// |V=2|P|  FMT=15 |    PT=205     |           length              |
/// |                     SSRC of packet sender                     |
/// |                      SSRC of media source                     |
/// |      base sequence number     |      packet status count      |
/// |                 reference time                | fb pkt. count |
/// |          packet chunk         |         packet chunk          | ...
/// |  recv delta   |  recv delta   | ...                           |
/// </code>
/// </summary>
public readonly ref struct TransportWideFeedback : IRtcpPacket<TransportWideFeedback>
{
    /// <summary>Length of one reference time unit.</summary>
    public static readonly TimeSpan ReferenceTimeUnit = TimeSpan.FromMilliseconds(64);

    private const int FixedFciLength = 8;

    private readonly ReadOnlySpan<byte> _chunks;
    private readonly ReadOnlySpan<byte> _deltas;
    private readonly ReadOnlySpan<TransportWidePacketStatus> _statuses;
    private readonly int _chunkCount;
    private readonly int _deltaLength;

    /// <summary>
    /// Builds feedback for <paramref name="statuses"/>, which must cover consecutive sequence numbers
    /// starting at <paramref name="baseSequenceNumber"/> and use a one-byte symbol only for deltas 0-255
    /// (<see cref="TransportWidePacketStatus.Received"/> picks the symbol).
    /// </summary>
    public TransportWideFeedback(
        uint senderSsrc,
        uint mediaSsrc,
        ushort baseSequenceNumber,
        int referenceTime,
        byte feedbackPacketCount,
        ReadOnlySpan<TransportWidePacketStatus> statuses)
    {
        if (statuses.IsEmpty || statuses.Length > ushort.MaxValue)
        {
            throw new ArgumentException("Feedback reports 1 to 65535 packets.", nameof(statuses));
        }

        if (referenceTime is < 0 or > 0xFF_FFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(referenceTime), "The reference time is a 24-bit field.");
        }

        int deltaLength = 0;
        for (int i = 0; i < statuses.Length; i++)
        {
            TransportWidePacketStatus status = statuses[i];
            if (status.SequenceNumber != unchecked((ushort)(baseSequenceNumber + i)))
            {
                throw new ArgumentException("Statuses must cover consecutive sequence numbers from the base.", nameof(statuses));
            }

            if (status.Symbol == TransportWideStatusSymbol.ReceivedSmallDelta && status.DeltaTicks is < 0 or > 255)
            {
                throw new ArgumentException("A small delta must be 0-255 ticks.", nameof(statuses));
            }

            if (status.Symbol > TransportWideStatusSymbol.ReceivedLargeDelta)
            {
                throw new ArgumentException("Unknown status symbol.", nameof(statuses));
            }

            deltaLength += (int)status.Symbol;
        }

        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        BaseSequenceNumber = baseSequenceNumber;
        PacketStatusCount = (ushort)statuses.Length;
        ReferenceTime = referenceTime;
        FeedbackPacketCount = feedbackPacketCount;
        _statuses = statuses;
        _chunkCount = TransportWideChunkCodec.Encode(statuses, default);
        _deltaLength = deltaLength;
    }

    private TransportWideFeedback(
        uint senderSsrc,
        uint mediaSsrc,
        ushort baseSequenceNumber,
        ushort statusCount,
        int referenceTime,
        byte feedbackPacketCount,
        ReadOnlySpan<byte> chunks,
        ReadOnlySpan<byte> deltas)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        BaseSequenceNumber = baseSequenceNumber;
        PacketStatusCount = statusCount;
        ReferenceTime = referenceTime;
        FeedbackPacketCount = feedbackPacketCount;
        _chunks = chunks;
        _deltas = deltas;
        _chunkCount = chunks.Length / 2;
        _deltaLength = deltas.Length;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>SSRC of the media source (libwebrtc sends the SSRC of one of the media streams).</summary>
    public uint MediaSsrc { get; }

    /// <summary>The first transport-wide sequence number reported.</summary>
    public ushort BaseSequenceNumber { get; }

    /// <summary>How many consecutive sequence numbers are reported.</summary>
    public ushort PacketStatusCount { get; }

    /// <summary>Reference time in multiples of 64 ms, a 24-bit counter that wraps (libwebrtc treats it as unsigned).</summary>
    public int ReferenceTime { get; }

    /// <summary><see cref="ReferenceTime"/> as a duration.</summary>
    public TimeSpan ReferenceTimeSpan => ReferenceTimeUnit * ReferenceTime;

    /// <summary>Counter of feedback packets sent, for detecting lost feedback.</summary>
    public byte FeedbackPacketCount { get; }

    /// <summary>Number of packet status chunks.</summary>
    public int ChunkCount => _chunkCount;

    /// <inheritdoc />
    public int Length => (UnpaddedLength + 3) & ~3;

    private int UnpaddedLength => RtcpHeader.Size + 8 + FixedFciLength + (_chunkCount * 2) + _deltaLength;

    /// <inheritdoc />
    public static bool TryParse(ReadOnlySpan<byte> data, out TransportWideFeedback packet)
    {
        packet = default;
        if (!RtcpFraming.TryGetFeedbackBody(
                data,
                RtcpPacketType.TransportLayerFeedback,
                RtcpFeedbackFormat.TransportWideFeedback,
                out uint sender,
                out uint media,
                out ReadOnlySpan<byte> fci))
        {
            return false;
        }

        if (fci.Length < FixedFciLength)
        {
            return false;
        }

        ushort statusCount = BinaryPrimitives.ReadUInt16BigEndian(fci[2..]);
        if (statusCount == 0)
        {
            return false;
        }

        int offset = FixedFciLength;
        int covered = 0;
        int deltaLength = 0;
        while (covered < statusCount)
        {
            if (offset + 2 > fci.Length)
            {
                return false;
            }

            ushort chunk = BinaryPrimitives.ReadUInt16BigEndian(fci[offset..]);
            offset += 2;
            int count = Math.Min(TransportWideChunkCodec.Capacity(chunk), statusCount - covered);
            if ((chunk & 0x8000) == 0)
            {
                int symbol = TransportWideChunkCodec.SymbolAt(chunk, 0);
                if (symbol == 3)
                {
                    return false;
                }

                deltaLength += symbol * count;
            }
            else
            {
                for (int k = 0; k < count; k++)
                {
                    int symbol = TransportWideChunkCodec.SymbolAt(chunk, k);
                    if (symbol == 3)
                    {
                        return false;
                    }

                    deltaLength += symbol;
                }
            }

            covered += count;
        }

        if (offset + deltaLength > fci.Length)
        {
            return false;
        }

        packet = new TransportWideFeedback(
            sender,
            media,
            BinaryPrimitives.ReadUInt16BigEndian(fci),
            statusCount,
            (fci[4] << 16) | (fci[5] << 8) | fci[6],
            fci[7],
            fci[FixedFciLength..offset],
            fci.Slice(offset, deltaLength));
        return true;
    }

    /// <inheritdoc />
    public int WriteTo(Span<byte> destination)
    {
        int length = Length;
        RtcpFraming.EnsureCapacity(destination, length);
        int padding = length - UnpaddedLength;
        new RtcpHeader(padding > 0, RtcpFeedbackFormat.TransportWideFeedback, RtcpPacketType.TransportLayerFeedback, (ushort)((length / 4) - 1))
            .WriteTo(destination);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], SenderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], MediaSsrc);
        BinaryPrimitives.WriteUInt16BigEndian(destination[12..], BaseSequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(destination[14..], PacketStatusCount);
        destination[16] = (byte)(ReferenceTime >> 16);
        destination[17] = (byte)(ReferenceTime >> 8);
        destination[18] = (byte)ReferenceTime;
        destination[19] = FeedbackPacketCount;
        int offset = 20;
        if (_statuses.IsEmpty)
        {
            _chunks.CopyTo(destination[offset..]);
            offset += _chunks.Length;
            _deltas.CopyTo(destination[offset..]);
            offset += _deltas.Length;
        }
        else
        {
            offset += 2 * TransportWideChunkCodec.Encode(_statuses, destination[offset..]);
            foreach (TransportWidePacketStatus status in _statuses)
            {
                if (status.Symbol == TransportWideStatusSymbol.ReceivedSmallDelta)
                {
                    destination[offset++] = (byte)status.DeltaTicks;
                }
                else if (status.Symbol == TransportWideStatusSymbol.ReceivedLargeDelta)
                {
                    BinaryPrimitives.WriteInt16BigEndian(destination[offset..], status.DeltaTicks);
                    offset += 2;
                }
            }
        }

        if (padding > 0)
        {
            // RFC 3550 §6.4.1: the last padding octet counts the padding octets, itself included.
            destination[offset..(length - 1)].Clear();
            destination[length - 1] = (byte)padding;
        }

        return length;
    }

    /// <summary>Enumerates the status of every reported sequence number in order.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>Allocation-free enumerator over packet statuses.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _chunks;
        private readonly ReadOnlySpan<byte> _deltas;
        private readonly ReadOnlySpan<TransportWidePacketStatus> _statuses;
        private readonly int _total;
        private readonly ushort _base;
        private int _index;
        private int _chunkOffset;
        private int _inChunk;
        private int _chunkCount;
        private ushort _chunk;
        private int _deltaOffset;

        internal Enumerator(TransportWideFeedback feedback)
        {
            _chunks = feedback._chunks;
            _deltas = feedback._deltas;
            _statuses = feedback._statuses;
            _total = feedback.PacketStatusCount;
            _base = feedback.BaseSequenceNumber;
            _index = -1;
            _chunkOffset = -2;
            _inChunk = 0;
            _chunkCount = 0;
            _chunk = 0;
            _deltaOffset = 0;
            Current = default;
        }

        /// <summary>The current status.</summary>
        public TransportWidePacketStatus Current { get; private set; }

        /// <summary>Advances to the next status.</summary>
        public bool MoveNext()
        {
            if (++_index >= _total)
            {
                return false;
            }

            if (!_statuses.IsEmpty)
            {
                Current = _statuses[_index];
                return true;
            }

            // Chunks of zero capacity (a run length of 0) describe nothing and are stepped over.
            while (_inChunk >= _chunkCount)
            {
                _chunkOffset += 2;
                _chunk = BinaryPrimitives.ReadUInt16BigEndian(_chunks[_chunkOffset..]);
                _chunkCount = TransportWideChunkCodec.Capacity(_chunk);
                _inChunk = 0;
            }

            var symbol = (TransportWideStatusSymbol)TransportWideChunkCodec.SymbolAt(_chunk, _inChunk++);
            short delta = 0;
            if (symbol == TransportWideStatusSymbol.ReceivedSmallDelta)
            {
                delta = _deltas[_deltaOffset++];
            }
            else if (symbol == TransportWideStatusSymbol.ReceivedLargeDelta)
            {
                delta = BinaryPrimitives.ReadInt16BigEndian(_deltas[_deltaOffset..]);
                _deltaOffset += 2;
            }

            Current = new TransportWidePacketStatus(unchecked((ushort)(_base + _index)), symbol, delta);
            return true;
        }
    }
}
