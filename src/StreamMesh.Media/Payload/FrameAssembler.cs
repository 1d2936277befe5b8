using Microsoft.Extensions.Logging;

namespace StreamMesh.Media.Payload;

/// <summary>
/// The codec-independent half of a video depayloader: sequence tracking, the bounded frame buffer,
/// dropping frames touched by loss, and the "needs keyframe" state. The codec-specific depayloader
/// parses the payload and appends bytes here.
/// </summary>
/// <remarks>
/// Loss policy: a packet lost anywhere may have belonged to the frame of the first packet after
/// the gap (its head may be gone) or to the frame in progress (its tail may be gone), so both are
/// dropped, and frames are withheld until the next keyframe. Not thread-safe.
/// </remarks>
internal sealed class FrameAssembler
{
    private const int InitialCapacity = 64 * 1024;

    private readonly string _codec;
    private readonly int _maxFrameSize;
    private readonly bool _waitForKeyframe;
    private readonly ILogger _logger;

    private RtpSequenceTracker _sequence;
    private byte[] _buffer = [];
    private int _length;
    private uint _frameTimestamp;
    private bool _frameIsKeyframe;
    private ushort _packetSequenceNumber;
    private uint _packetTimestamp;
    private bool _discarding;
    private uint _discardTimestamp;

    private long _packetsReceived;
    private long _emptyPackets;
    private long _malformedPackets;
    private long _unsupportedPackets;
    private long _latePackets;
    private long _lostPackets;
    private long _sequenceGaps;
    private long _framesCompleted;
    private long _framesDropped;
    private long _framesAwaitingKeyframe;
    private long _oversizeFrames;
    private long _keyframeRequests;

    public FrameAssembler(string codec, RtpDepayloaderOptions options, ILogger logger)
    {
        _codec = codec;
        _maxFrameSize = options.MaxFrameSize;
        _waitForKeyframe = options.WaitForKeyframe;
        _logger = logger;
        NeedsKeyframe = true;
    }

    /// <summary>True while frames cannot be decoded until the next keyframe.</summary>
    public bool NeedsKeyframe { get; private set; }

    /// <summary>True while a frame is being assembled.</summary>
    public bool FrameActive { get; private set; }

    public DepayloaderStatistics Statistics => new(
        _packetsReceived,
        _emptyPackets,
        _malformedPackets,
        _unsupportedPackets,
        _latePackets,
        _lostPackets,
        _sequenceGaps,
        _framesCompleted,
        _framesDropped,
        _framesAwaitingKeyframe,
        _oversizeFrames,
        _keyframeRequests);

    /// <summary>
    /// Accounts for one packet's sequence number and timestamp. Returns
    /// <see cref="DepayloadStatus.Buffered"/> when the codec should parse the payload, or
    /// <see cref="DepayloadStatus.Ignored"/> when the packet is late or belongs to a dropped frame.
    /// </summary>
    public DepayloadStatus Admit(ushort sequenceNumber, uint timestamp, bool marker)
    {
        _packetsReceived++;
        _packetSequenceNumber = sequenceNumber;
        _packetTimestamp = timestamp;

        switch (_sequence.Observe(sequenceNumber, out int lost))
        {
            case SequenceStep.Late:
                _latePackets++;
                return DepayloadStatus.Ignored;
            case SequenceStep.Gap:
                _lostPackets += lost;
                _sequenceGaps++;
                AbandonFrameAt(timestamp, "packet loss");
                break;
            case SequenceStep.Restart:
                _sequenceGaps++;
                AbandonFrameAt(timestamp, "sequence restart");
                break;
            case SequenceStep.InOrder:
            default:
                break;
        }

        if (_discarding)
        {
            if (timestamp == _discardTimestamp)
            {
                // The rest of a dropped frame; its marker ends the discard.
                _discarding = !marker;
                return DepayloadStatus.Ignored;
            }

            _discarding = false;
        }

        if (FrameActive && timestamp != _frameTimestamp)
        {
            // The previous frame never received its marker: it cannot be known complete.
            FrameActive = false;
            _framesDropped++;
            RequestKeyframe("frame without marker");
        }

        return DepayloadStatus.Buffered;
    }

    /// <summary>Counts a packet with an empty payload.</summary>
    public void CountEmpty() => _emptyPackets++;

    /// <summary>Counts a packet of a reserved type that the RFC says to ignore.</summary>
    public void CountIgnoredUnsupported() => _unsupportedPackets++;

    /// <summary>Starts a frame at the current packet's timestamp unless one is in progress.</summary>
    public void BeginFrameIfIdle()
    {
        if (FrameActive)
        {
            return;
        }

        FrameActive = true;
        _frameTimestamp = _packetTimestamp;
        _frameIsKeyframe = false;
        _length = 0;
    }

    /// <summary>Marks the frame in progress as a keyframe.</summary>
    public void MarkKeyframe() => _frameIsKeyframe = true;

    /// <summary>Appends bytes to the frame; false when the frame would exceed the size bound.</summary>
    public bool TryAppend(ReadOnlySpan<byte> data)
    {
        if (!TryEnsureCapacity(data.Length))
        {
            return false;
        }

        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
        return true;
    }

    /// <summary>Appends one byte to the frame; false when the frame would exceed the size bound.</summary>
    public bool TryAppend(byte value)
    {
        if (!TryEnsureCapacity(1))
        {
            return false;
        }

        _buffer[_length++] = value;
        return true;
    }

    /// <summary>
    /// Drops the frame the current packet belongs to because the packet was malformed or unsupported.
    /// </summary>
    /// <param name="unsupported">Count as unsupported rather than malformed.</param>
    /// <param name="marker">The packet's marker bit: when set, the dropped frame ends here.</param>
    /// <param name="reason">For the trace log.</param>
    public DepayloadStatus DropMalformed(bool unsupported, bool marker, string reason)
    {
        if (unsupported)
        {
            _unsupportedPackets++;
        }
        else
        {
            _malformedPackets++;
        }

        PayloadLog.PacketDropped(_logger, _codec, _packetSequenceNumber, reason);
        DropCurrentFrame(marker, reason);
        return DepayloadStatus.Malformed;
    }

    /// <summary>Drops the frame in progress because it outgrew the size bound.</summary>
    public DepayloadStatus DropOversize(bool marker)
    {
        _oversizeFrames++;
        DropCurrentFrame(marker, "frame too large");
        return DepayloadStatus.FrameDropped;
    }

    /// <summary>Drops the frame in progress (e.g. a new frame began before its end) and keeps going.</summary>
    public void DropIncompleteFrame(string reason)
    {
        if (!FrameActive)
        {
            return;
        }

        FrameActive = false;
        _framesDropped++;
        RequestKeyframe(reason);
    }

    /// <summary>Ends the frame in progress (marker seen) and hands it out unless a keyframe is awaited.</summary>
    public DepayloadStatus Complete(out DepayloadedFrame frame)
    {
        frame = default;
        if (!FrameActive)
        {
            return DepayloadStatus.Ignored;
        }

        FrameActive = false;
        if (_length == 0)
        {
            return DepayloadStatus.Ignored;
        }

        if (NeedsKeyframe)
        {
            if (!_frameIsKeyframe && _waitForKeyframe)
            {
                _framesAwaitingKeyframe++;
                return DepayloadStatus.AwaitingKeyframe;
            }

            if (_frameIsKeyframe)
            {
                NeedsKeyframe = false;
                PayloadLog.KeyframeReceived(_logger, _codec, _frameTimestamp);
            }
        }

        _framesCompleted++;
        frame = new DepayloadedFrame(_buffer.AsSpan(0, _length), _frameTimestamp, _frameIsKeyframe);
        return DepayloadStatus.FrameReady;
    }

    public void Reset()
    {
        _sequence.Reset();
        _length = 0;
        FrameActive = false;
        _discarding = false;
        NeedsKeyframe = true;
        _packetsReceived = _emptyPackets = _malformedPackets = _unsupportedPackets = 0;
        _latePackets = _lostPackets = _sequenceGaps = 0;
        _framesCompleted = _framesDropped = _framesAwaitingKeyframe = _oversizeFrames = _keyframeRequests = 0;
    }

    private void DropCurrentFrame(bool marker, string reason)
    {
        if (FrameActive)
        {
            FrameActive = false;
            _framesDropped++;
        }

        RequestKeyframe(reason);
        _discarding = !marker;
        _discardTimestamp = _packetTimestamp;
    }

    private void AbandonFrameAt(uint timestamp, string reason)
    {
        if (FrameActive)
        {
            FrameActive = false;
            _framesDropped++;
        }

        RequestKeyframe(reason);
        _discarding = true;
        _discardTimestamp = timestamp;
    }

    private void RequestKeyframe(string reason)
    {
        if (NeedsKeyframe)
        {
            return;
        }

        NeedsKeyframe = true;
        _keyframeRequests++;
        PayloadLog.KeyframeNeeded(_logger, _codec, reason);
    }

    private bool TryEnsureCapacity(int additional)
    {
        int required = _length + additional;
        if (required > _maxFrameSize)
        {
            return false;
        }

        if (required > _buffer.Length)
        {
            // Grow geometrically up to the bound; steady state allocates nothing.
            int capacity = Math.Max(Math.Min(InitialCapacity, _maxFrameSize), _buffer.Length);
            while (capacity < required)
            {
                capacity = (int)Math.Min((long)capacity * 2, _maxFrameSize);
            }

            Array.Resize(ref _buffer, capacity);
        }

        return true;
    }
}
