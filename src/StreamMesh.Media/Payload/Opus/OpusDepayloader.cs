using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StreamMesh.Media.Payload.Opus;

/// <summary>
/// Opus depayloader (RFC 7587 §4.2): each payload is one Opus packet, handed out without a copy
/// after validating its TOC byte and framing (RFC 6716 §3.4). Every valid packet is a frame and a
/// "keyframe" (Opus needs no keyframe; loss is concealed by the decoder). Lost packets are counted
/// from sequence numbers. Not thread-safe.
/// </summary>
public sealed class OpusDepayloader : IRtpDepayloader
{
    private const string Codec = "Opus";

    private readonly ILogger _logger;
    private RtpSequenceTracker _sequence;
    private long _packetsReceived;
    private long _emptyPackets;
    private long _malformedPackets;
    private long _latePackets;
    private long _lostPackets;
    private long _sequenceGaps;
    private long _framesCompleted;
    private int _pendingLost;

    /// <summary>Creates a depayloader.</summary>
    public OpusDepayloader(ILogger? logger = null) => _logger = logger ?? NullLogger.Instance;

    /// <summary>Always false: Opus has no keyframes.</summary>
    public bool NeedsKeyframe => false;

    /// <summary>The framing of the last packet handed out.</summary>
    public OpusPacketSummary LastPacket { get; private set; }

    /// <summary>
    /// Packets whose audio is missing just before the last packet handed out — lost in transit or
    /// malformed — so the decoder can conceal them (0 when nothing is missing).
    /// </summary>
    public int LostBeforeLastPacket { get; private set; }

    /// <inheritdoc />
    public DepayloaderStatistics Statistics => new(
        _packetsReceived,
        _emptyPackets,
        _malformedPackets,
        UnsupportedPackets: 0,
        _latePackets,
        _lostPackets,
        _sequenceGaps,
        _framesCompleted,
        FramesDropped: 0,
        FramesAwaitingKeyframe: 0,
        OversizeFrames: 0,
        KeyframeRequests: 0);

    /// <inheritdoc />
    public DepayloadStatus Push(ReadOnlySpan<byte> payload, bool marker, ushort sequenceNumber, uint timestamp, out DepayloadedFrame frame)
    {
        frame = default;
        _packetsReceived++;
        SequenceStep step = _sequence.Observe(sequenceNumber, out int lost);
        if (step == SequenceStep.Late)
        {
            _latePackets++;
            return DepayloadStatus.Ignored;
        }

        if (step is SequenceStep.Gap or SequenceStep.Restart)
        {
            _sequenceGaps++;
            _lostPackets += lost;
            _pendingLost += lost;
        }

        if (payload.IsEmpty)
        {
            _emptyPackets++;
            return DepayloadStatus.Ignored;
        }

        if (!OpusPacketInspector.TryInspect(payload, out OpusPacketSummary summary))
        {
            _malformedPackets++;
            _pendingLost++;
            PayloadLog.PacketDropped(_logger, Codec, sequenceNumber, "invalid Opus packet");
            return DepayloadStatus.Malformed;
        }

        _framesCompleted++;
        LastPacket = summary;
        LostBeforeLastPacket = _pendingLost;
        _pendingLost = 0;
        frame = new DepayloadedFrame(payload, timestamp, isKeyframe: true);
        return DepayloadStatus.FrameReady;
    }

    /// <inheritdoc />
    public void Reset()
    {
        _sequence.Reset();
        _packetsReceived = _emptyPackets = _malformedPackets = _latePackets = _lostPackets = _sequenceGaps = _framesCompleted = 0;
        LastPacket = default;
        LostBeforeLastPacket = 0;
        _pendingLost = 0;
    }
}
