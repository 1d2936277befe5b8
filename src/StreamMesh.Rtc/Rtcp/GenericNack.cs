using System.Buffers.Binary;

namespace StreamMesh.Rtc.Rtcp;

/// <summary>
/// Generic NACK (RFC 4585 §6.2.1): transport-layer feedback (PT=205, FMT=1) listing lost RTP packets
/// of the media source as PID/BLP pairs.
/// <code>
/// |V=2|P|  FMT=1  |    PT=205     |          length               |
/// |                  SSRC of packet sender                        |
/// |                  SSRC of media source                         |
/// |            PID                |             BLP               | x N
/// </code>
/// </summary>
public readonly ref struct GenericNack : IRtcpPacket<GenericNack>
{
    /// <summary>Builds a NACK from pairs (see <see cref="BuildPairs"/>).</summary>
    public GenericNack(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<NackPair> pairs)
        : this(senderSsrc, mediaSsrc, new RtcpItemList<NackPair>(pairs))
    {
    }

    private GenericNack(uint senderSsrc, uint mediaSsrc, RtcpItemList<NackPair> pairs)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        Pairs = pairs;
    }

    /// <summary>SSRC of the packet sender (the receiver asking for retransmission).</summary>
    public uint SenderSsrc { get; }

    /// <summary>SSRC of the media source whose packets were lost.</summary>
    public uint MediaSsrc { get; }

    /// <summary>The PID/BLP pairs.</summary>
    public RtcpItemList<NackPair> Pairs { get; }

    /// <inheritdoc />
    public int Length => RtcpHeader.Size + 8 + Pairs.ByteLength;

    /// <summary>Enumerates every lost sequence number across all pairs.</summary>
    public LostSequenceNumberEnumerator LostSequenceNumbers => new(Pairs);

    /// <summary>
    /// Packs lost sequence numbers, ascending in serial order (as <c>NackGenerator</c> emits them),
    /// into PID/BLP pairs. An out-of-order number simply starts a new pair. Returns pairs written;
    /// <paramref name="destination"/> needs at most one pair per sequence number.
    /// </summary>
    public static int BuildPairs(ReadOnlySpan<ushort> lostSequenceNumbers, Span<NackPair> destination)
    {
        int count = 0;
        int i = 0;
        while (i < lostSequenceNumbers.Length)
        {
            ushort pid = lostSequenceNumbers[i++];
            ushort mask = 0;
            while (i < lostSequenceNumbers.Length)
            {
                int offset = unchecked((ushort)(lostSequenceNumbers[i] - pid));
                if (offset is < 1 or > 16)
                {
                    break;
                }

                mask |= (ushort)(1 << (offset - 1));
                i++;
            }

            destination[count++] = new NackPair(pid, mask);
        }

        return count;
    }

    /// <inheritdoc />
    public static bool TryParse(ReadOnlySpan<byte> data, out GenericNack packet)
    {
        packet = default;
        if (!RtcpFraming.TryGetFeedbackBody(
                data,
                RtcpPacketType.TransportLayerFeedback,
                RtcpFeedbackFormat.GenericNack,
                out uint sender,
                out uint media,
                out ReadOnlySpan<byte> fci))
        {
            return false;
        }

        // RFC 4585 §6.2.1 requires at least one pair; a trailing partial word cannot be a pair.
        int pairs = fci.Length / NackPair.WireSize;
        if (pairs == 0)
        {
            return false;
        }

        packet = new GenericNack(sender, media, RtcpItemList<NackPair>.FromWire(fci[..(pairs * NackPair.WireSize)]));
        return true;
    }

    /// <inheritdoc />
    public int WriteTo(Span<byte> destination)
    {
        int length = Length;
        RtcpFraming.EnsureCapacity(destination, length);
        RtcpFraming.WriteHeader(destination, RtcpFeedbackFormat.GenericNack, RtcpPacketType.TransportLayerFeedback, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], SenderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], MediaSsrc);
        Pairs.WriteTo(destination[12..]);
        return length;
    }

    /// <summary>Allocation-free enumerator over lost sequence numbers, pair by pair.</summary>
    public ref struct LostSequenceNumberEnumerator
    {
        private readonly RtcpItemList<NackPair> _pairs;
        private int _pairIndex;
        private int _bit; // -1 = the PID itself, 0..15 = BLP bits
        private NackPair _pair;

        internal LostSequenceNumberEnumerator(RtcpItemList<NackPair> pairs)
        {
            _pairs = pairs;
            _pairIndex = -1;
            _bit = 16;
            _pair = default;
            Current = 0;
        }

        /// <summary>The current lost sequence number.</summary>
        public ushort Current { get; private set; }

        /// <summary>Returns itself so it can be used in <c>foreach</c>.</summary>
        public readonly LostSequenceNumberEnumerator GetEnumerator() => this;

        /// <summary>Advances to the next lost sequence number.</summary>
        public bool MoveNext()
        {
            while (true)
            {
                if (_bit >= 16)
                {
                    if (++_pairIndex >= _pairs.Count)
                    {
                        return false;
                    }

                    _pair = _pairs[_pairIndex];
                    _bit = 0;
                    Current = _pair.PacketId;
                    return true;
                }

                int bit = _bit++;
                if ((_pair.LostBitmask & (1 << bit)) != 0)
                {
                    Current = unchecked((ushort)(_pair.PacketId + bit + 1));
                    return true;
                }
            }
        }
    }
}
