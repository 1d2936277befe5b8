using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StreamMesh.Media.Payload.H264;

/// <summary>
/// Reassembles H.264 access units in Annex B format (4-byte start codes) from RFC 6184
/// packetization-mode=1 payloads: Single NAL Unit packets (§5.6), STAP-A (§5.7.1) and FU-A (§5.8).
/// The marker bit (§5.1) ends an access unit; an access unit is a keyframe when it carries an IDR
/// slice. Malformed payloads are counted and drop their access unit; nothing here throws on input.
/// Not thread-safe; allocates nothing per packet once the buffer has grown to the stream's frame size.
/// </summary>
public sealed class H264Depayloader : IRtpDepayloader
{
    private const string Codec = "H.264";

    private readonly FrameAssembler _assembler;
    private bool _fragmentActive;
    private byte _fragmentType;

    /// <summary>Creates a depayloader.</summary>
    public H264Depayloader(RtpDepayloaderOptions? options = null, ILogger? logger = null)
    {
        options ??= new RtpDepayloaderOptions();
        options.Validate();
        _assembler = new FrameAssembler(Codec, options, logger ?? NullLogger.Instance);
    }

    /// <inheritdoc />
    public bool NeedsKeyframe => _assembler.NeedsKeyframe;

    /// <inheritdoc />
    public DepayloaderStatistics Statistics => _assembler.Statistics;

    private static ReadOnlySpan<byte> StartCode => [0, 0, 0, 1];

    /// <inheritdoc />
    public DepayloadStatus Push(ReadOnlySpan<byte> payload, bool marker, ushort sequenceNumber, uint timestamp, out DepayloadedFrame frame)
    {
        frame = default;
        DepayloadStatus admission = _assembler.Admit(sequenceNumber, timestamp, marker);
        if (admission != DepayloadStatus.Buffered)
        {
            return admission;
        }

        if (!_assembler.FrameActive)
        {
            _fragmentActive = false;
        }

        DepayloadStatus status = payload.IsEmpty ? IgnoreEmpty() : AppendPayload(payload, marker);
        if (!marker || status is not (DepayloadStatus.Buffered or DepayloadStatus.Ignored))
        {
            return status;
        }

        if (_fragmentActive)
        {
            return Drop(unsupported: false, marker, "marker inside a fragmented NAL unit");
        }

        return CompleteAccessUnit(out frame);
    }

    /// <inheritdoc />
    public void Reset()
    {
        _assembler.Reset();
        _fragmentActive = false;
    }

    private DepayloadStatus AppendPayload(ReadOnlySpan<byte> payload, bool marker)
    {
        byte header = payload[0];
        if ((header & 0x80) != 0)
        {
            // RFC 6184 §5.3: F=1 marks a NAL unit known to contain bit errors or syntax violations.
            return Drop(unsupported: false, marker, "forbidden_zero_bit set");
        }

        return H264AccessUnit.TypeOf(header) switch
        {
            >= H264NalUnitType.NonIdrSlice and <= (H264NalUnitType)23 => AppendSingle(payload, marker),
            H264NalUnitType.StapA => AppendStapA(payload, marker),
            H264NalUnitType.FuA => AppendFuA(payload, marker),
            H264NalUnitType.StapB or H264NalUnitType.Mtap16 or H264NalUnitType.Mtap24 or H264NalUnitType.FuB =>
                Drop(unsupported: true, marker, "interleaved-mode packet type"),
            _ => IgnoreReserved(),
        };
    }

    private DepayloadStatus IgnoreEmpty()
    {
        // Padding-only packets (e.g. bandwidth probes) arrive with an empty payload.
        _assembler.CountEmpty();
        return DepayloadStatus.Ignored;
    }

    private DepayloadStatus AppendSingle(ReadOnlySpan<byte> nal, bool marker)
    {
        if (_fragmentActive)
        {
            return Drop(unsupported: false, marker, "NAL unit inside a fragmented NAL unit");
        }

        _assembler.BeginFrameIfIdle();
        return AppendNal(nal, marker);
    }

    private DepayloadStatus AppendStapA(ReadOnlySpan<byte> payload, bool marker)
    {
        if (_fragmentActive)
        {
            return Drop(unsupported: false, marker, "STAP-A inside a fragmented NAL unit");
        }

        // RFC 6184 §5.7.1: validate every aggregation unit before appending any, so a bad length
        // never leaves half a packet in the access unit.
        ReadOnlySpan<byte> units = payload[1..];
        if (units.IsEmpty)
        {
            return Drop(unsupported: false, marker, "STAP-A without aggregation units");
        }

        for (ReadOnlySpan<byte> rest = units; !rest.IsEmpty;)
        {
            if (rest.Length < 2)
            {
                return Drop(unsupported: false, marker, "STAP-A truncated size field");
            }

            int size = BinaryPrimitives.ReadUInt16BigEndian(rest);
            if (size == 0 || size > rest.Length - 2)
            {
                return Drop(unsupported: false, marker, "STAP-A size out of bounds");
            }

            byte innerHeader = rest[2];
            int innerType = innerHeader & 0x1F;
            if ((innerHeader & 0x80) != 0 || innerType is 0 or >= 24)
            {
                return Drop(unsupported: false, marker, "STAP-A carries an invalid NAL unit");
            }

            rest = rest[(2 + size)..];
        }

        _assembler.BeginFrameIfIdle();
        for (ReadOnlySpan<byte> rest = units; !rest.IsEmpty;)
        {
            int size = BinaryPrimitives.ReadUInt16BigEndian(rest);
            DepayloadStatus status = AppendNal(rest.Slice(2, size), marker);
            if (status != DepayloadStatus.Buffered)
            {
                return status;
            }

            rest = rest[(2 + size)..];
        }

        return DepayloadStatus.Buffered;
    }

    private DepayloadStatus AppendFuA(ReadOnlySpan<byte> payload, bool marker)
    {
        if (payload.Length < 2)
        {
            return Drop(unsupported: false, marker, "FU-A without FU header");
        }

        byte indicator = payload[0];
        byte fuHeader = payload[1];
        bool start = (fuHeader & 0x80) != 0;
        bool end = (fuHeader & 0x40) != 0;
        byte type = (byte)(fuHeader & 0x1F);
        ReadOnlySpan<byte> data = payload[2..];

        // RFC 6184 §5.8: S and E never both set; the R bit must be 0; a fragment carries a real NAL type.
        if ((start && end) || (fuHeader & 0x20) != 0 || type is 0 or >= 24)
        {
            return Drop(unsupported: false, marker, "FU-A header invalid");
        }

        if (start)
        {
            if (_fragmentActive)
            {
                return Drop(unsupported: false, marker, "FU-A start before the previous fragment ended");
            }

            _assembler.BeginFrameIfIdle();
            _fragmentActive = true;
            _fragmentType = type;
            if ((H264NalUnitType)type == H264NalUnitType.IdrSlice)
            {
                _assembler.MarkKeyframe();
            }

            // The reconstructed NAL header: F and NRI from the FU indicator, type from the FU header.
            byte nalHeader = (byte)((indicator & 0xE0) | type);
            if (!_assembler.TryAppend(StartCode) || !_assembler.TryAppend(nalHeader) || !_assembler.TryAppend(data))
            {
                return _assembler.DropOversize(marker);
            }

            return DepayloadStatus.Buffered;
        }

        if (!_fragmentActive || type != _fragmentType)
        {
            return Drop(unsupported: false, marker, "FU-A continuation without its start");
        }

        if (!_assembler.TryAppend(data))
        {
            return _assembler.DropOversize(marker);
        }

        if (end)
        {
            _fragmentActive = false;
        }

        return DepayloadStatus.Buffered;
    }

    private DepayloadStatus AppendNal(ReadOnlySpan<byte> nal, bool marker)
    {
        if (H264AccessUnit.TypeOf(nal[0]) == H264NalUnitType.IdrSlice)
        {
            _assembler.MarkKeyframe();
        }

        if (!_assembler.TryAppend(StartCode) || !_assembler.TryAppend(nal))
        {
            return _assembler.DropOversize(marker);
        }

        return DepayloadStatus.Buffered;
    }

    private DepayloadStatus IgnoreReserved()
    {
        // RFC 6184 §5.2: types 0 and 30-31 are reserved and must be ignored by receivers.
        _assembler.CountIgnoredUnsupported();
        return DepayloadStatus.Ignored;
    }

    private DepayloadStatus Drop(bool unsupported, bool marker, string reason)
    {
        _fragmentActive = false;
        return _assembler.DropMalformed(unsupported, marker, reason);
    }

    private DepayloadStatus CompleteAccessUnit(out DepayloadedFrame frame)
    {
        _fragmentActive = false;
        return _assembler.Complete(out frame);
    }
}
