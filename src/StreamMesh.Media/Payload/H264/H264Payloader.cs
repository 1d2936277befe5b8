using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StreamMesh.Media.Payload.H264;

/// <summary>
/// H.264 payloader for RFC 6184 packetization-mode=1 (non-interleaved): Single NAL Unit packets
/// (§5.6), STAP-A aggregation (§5.7.1) and FU-A fragmentation (§5.8). Input is one access unit
/// in Annex B format. Access unit delimiters and filler data are not sent; an IDR access unit
/// without SPS/PPS gets the latest ones seen on the stream inserted before its first slice.
/// Not thread-safe; allocates nothing per access unit.
/// </summary>
public sealed class H264Payloader : IRtpPayloader
{
    /// <summary>The RTP clock rate of H.264 video (RFC 6184 §8.2.1).</summary>
    public const int VideoClockRate = 90_000;

    // STAP-A NAL header (1 byte) and one NAL size field (2 bytes), RFC 6184 §5.7.1.
    private const int StapAHeaderSize = 1;
    private const int StapASizeFieldSize = 2;

    // FU indicator and FU header, RFC 6184 §5.8.
    private const int FuAHeaderSize = 2;

    private readonly int _maxPayloadSize;
    private readonly byte[] _aggregate;
    private readonly byte[] _fuHeader = new byte[FuAHeaderSize];
    private readonly H264ParameterSetCache _parameterSets = new();
    private readonly ILogger _logger;
    private int _aggregateLength;
    private int _aggregateCount;
    private bool _warnedMissingParameterSets;

    /// <summary>Creates a payloader.</summary>
    public H264Payloader(RtpPayloaderOptions? options = null, ILogger? logger = null)
    {
        options ??= new RtpPayloaderOptions();
        options.Validate();
        _maxPayloadSize = options.MaxPayloadSize;
        _aggregate = new byte[_maxPayloadSize];
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public int ClockRate => VideoClockRate;

    /// <inheritdoc />
    public int MaxPayloadSize => _maxPayloadSize;

    /// <summary>How many IDR access units were sent with cached SPS/PPS inserted.</summary>
    public long ParameterSetInsertions { get; private set; }

    /// <summary>Packetizes one Annex B access unit; the last payload carries the marker (RFC 6184 §5.1).</summary>
    public int Packetize(ReadOnlySpan<byte> frame, IRtpPayloadSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);

        var source = new NalSource(frame, _parameterSets);
        if (!source.TryNext(out ReadOnlySpan<byte> current))
        {
            return 0;
        }

        _aggregateLength = 0;
        _aggregateCount = 0;
        int packets = 0;
        while (true)
        {
            bool hasNext = source.TryNext(out ReadOnlySpan<byte> next);
            packets += Emit(current, next, hasNext, sink);
            if (!hasNext)
            {
                break;
            }

            current = next;
        }

        ReportParameterSets(source.Injected, source.MissingParameterSets);
        return packets;
    }

    // One NAL of lookahead decides between aggregating and sending alone: a NAL joins a STAP-A
    // only when the following NAL fits with it, so large NALs go out as Single NAL Unit packets
    // straight from the caller's buffer, without a copy.
    private int Emit(ReadOnlySpan<byte> nal, ReadOnlySpan<byte> next, bool hasNext, IRtpPayloadSink sink)
    {
        int packets = 0;
        if (_aggregateCount > 0)
        {
            if (_aggregateLength + StapASizeFieldSize + nal.Length <= _maxPayloadSize)
            {
                AppendToAggregate(nal);
                if (!hasNext || _aggregateLength + StapASizeFieldSize + next.Length > _maxPayloadSize)
                {
                    packets += FlushAggregate(sink, marker: !hasNext);
                }

                return packets;
            }

            packets += FlushAggregate(sink, marker: false);
        }

        if (nal.Length > _maxPayloadSize)
        {
            return packets + EmitFragments(nal, sink, marker: !hasNext);
        }

        if (hasNext && StapAHeaderSize + StapASizeFieldSize + nal.Length + StapASizeFieldSize + next.Length <= _maxPayloadSize)
        {
            _aggregateLength = StapAHeaderSize;
            AppendToAggregate(nal);
            return packets;
        }

        // RFC 6184 §5.6: the payload is the NAL unit itself.
        sink.OnPayload(default, nal, !hasNext);
        return packets + 1;
    }

    private void AppendToAggregate(ReadOnlySpan<byte> nal)
    {
        // RFC 6184 §5.7.1: each aggregation unit is a 16-bit network-order size, then the NAL unit.
        _aggregate[_aggregateLength] = (byte)(nal.Length >> 8);
        _aggregate[_aggregateLength + 1] = (byte)nal.Length;
        nal.CopyTo(_aggregate.AsSpan(_aggregateLength + StapASizeFieldSize));
        _aggregateLength += StapASizeFieldSize + nal.Length;
        _aggregateCount++;
    }

    private int FlushAggregate(IRtpPayloadSink sink, bool marker)
    {
        if (_aggregateCount == 1)
        {
            sink.OnPayload(default, _aggregate.AsSpan(StapAHeaderSize + StapASizeFieldSize, _aggregateLength - StapAHeaderSize - StapASizeFieldSize), marker);
        }
        else
        {
            // RFC 6184 §5.7: F is the OR of the aggregated F bits, NRI the maximum of their NRIs.
            int forbidden = 0;
            int nri = 0;
            int offset = StapAHeaderSize;
            while (offset < _aggregateLength)
            {
                int size = (_aggregate[offset] << 8) | _aggregate[offset + 1];
                byte header = _aggregate[offset + StapASizeFieldSize];
                forbidden |= header & 0x80;
                nri = Math.Max(nri, header & 0x60);
                offset += StapASizeFieldSize + size;
            }

            _aggregate[0] = (byte)(forbidden | nri | (int)H264NalUnitType.StapA);
            sink.OnPayload(_aggregate.AsSpan(0, _aggregateLength), default, marker);
        }

        _aggregateLength = 0;
        _aggregateCount = 0;
        return 1;
    }

    private int EmitFragments(ReadOnlySpan<byte> nal, IRtpPayloadSink sink, bool marker)
    {
        // RFC 6184 §5.8: the NAL header is not sent; its F and NRI go into the FU indicator and its
        // type into the FU header. Every fragment but the last fills the payload budget: a frame's
        // packets to one viewer then share one size but the last, the shape a fan-out sends to that
        // viewer as one UDP_SEGMENT message (UdpDatagramBatch) instead of two.
        byte nalHeader = nal[0];
        ReadOnlySpan<byte> body = nal[1..];
        int capacity = _maxPayloadSize - FuAHeaderSize;
        int fragments = (body.Length + capacity - 1) / capacity;

        _fuHeader[0] = (byte)((nalHeader & 0xE0) | (int)H264NalUnitType.FuA);
        int offset = 0;
        for (int i = 0; i < fragments; i++)
        {
            int size = Math.Min(capacity, body.Length - offset);
            bool first = i == 0;
            bool last = i == fragments - 1;
            _fuHeader[1] = (byte)((first ? 0x80 : 0) | (last ? 0x40 : 0) | (nalHeader & 0x1F));
            sink.OnPayload(_fuHeader, body.Slice(offset, size), marker && last);
            offset += size;
        }

        return fragments;
    }

    private void ReportParameterSets(bool injected, bool missing)
    {
        if (injected)
        {
            ParameterSetInsertions++;
            PayloadLog.ParameterSetsInjected(_logger);
        }

        if (missing && !_warnedMissingParameterSets)
        {
            _warnedMissingParameterSets = true;
            PayloadLog.ParameterSetsMissing(_logger);
        }
    }

    /// <summary>
    /// The NAL units to send for one access unit: the Annex B NALs minus AUD and filler, with the
    /// cached SPS/PPS inserted before the first slice of an IDR access unit that lacks them.
    /// </summary>
    private ref struct NalSource
    {
        private readonly H264ParameterSetCache _cache;
        private AnnexBReader _reader;
        private ReadOnlySpan<byte> _held;
        private bool _hasHeld;
        private bool _pendingSps;
        private bool _pendingPps;
        private bool _seenSps;
        private bool _seenPps;
        private bool _seenSlice;

        public NalSource(ReadOnlySpan<byte> accessUnit, H264ParameterSetCache cache)
        {
            _reader = new AnnexBReader(accessUnit);
            _cache = cache;
        }

        public bool Injected { get; private set; }

        public bool MissingParameterSets { get; private set; }

        public bool TryNext(out ReadOnlySpan<byte> nal)
        {
            if (_pendingSps)
            {
                _pendingSps = false;
                nal = _cache.Sps;
                return true;
            }

            if (_pendingPps)
            {
                _pendingPps = false;
                nal = _cache.Pps;
                return true;
            }

            if (_hasHeld)
            {
                _hasHeld = false;
                nal = _held;
                return true;
            }

            while (_reader.TryReadNext(out ReadOnlySpan<byte> candidate))
            {
                H264NalUnitType type = H264AccessUnit.TypeOf(candidate[0]);
                switch (type)
                {
                    case H264NalUnitType.AccessUnitDelimiter:
                    case H264NalUnitType.FillerData:
                        continue;
                    case H264NalUnitType.Sps:
                        _seenSps = true;
                        if (!Injected)
                        {
                            _cache.StoreSps(candidate);
                        }

                        break;
                    case H264NalUnitType.Pps:
                        _seenPps = true;
                        if (!Injected)
                        {
                            _cache.StorePps(candidate);
                        }

                        break;
                    case >= H264NalUnitType.NonIdrSlice and <= H264NalUnitType.IdrSlice when !_seenSlice:
                        _seenSlice = true;
                        if (type == H264NalUnitType.IdrSlice && (!_seenSps || !_seenPps) && ScheduleInjection(candidate))
                        {
                            return TryNext(out nal);
                        }

                        break;
                    default:
                        break;
                }

                nal = candidate;
                return true;
            }

            nal = default;
            return false;
        }

        // Queues the cached parameter sets the IDR lacks, then the IDR slice itself.
        private bool ScheduleInjection(ReadOnlySpan<byte> idrSlice)
        {
            _pendingSps = !_seenSps && _cache.HasSps;
            _pendingPps = !_seenPps && _cache.HasPps;
            MissingParameterSets = (!_seenSps && !_cache.HasSps) || (!_seenPps && !_cache.HasPps);
            if (!_pendingSps && !_pendingPps)
            {
                return false;
            }

            Injected = true;
            _held = idrSlice;
            _hasHeld = true;
            return true;
        }
    }
}
