using Microsoft.Extensions.Logging;
using StreamMesh.Media.Audio;
using StreamMesh.Media.Payload.Opus;
using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Rtcp;
using StreamMesh.Rtc.Rtp;

namespace StreamMesh.Mesh.Viewer;

/// <summary>
/// The audio half of a <see cref="ViewerSession"/>: RFC 3550 receiver accounting of what came off the
/// wire, the optional seeded loss injection, the continuity check (gaps, late packets, timeline breaks),
/// Opus decoding with concealment of each lost packet (RFC 6716 §4.4; FEC from the next packet when it
/// has some) and the decoded PCM handed to the recording. Audio is not NACKed: the parent negotiates
/// no NACK for Opus, so every loss is a gap. Not thread-safe; the session serialises access.
/// </summary>
public sealed class AudioTrackReceiver : IDisposable
{
    /// <summary>A bigger hole is a restart, not loss worth concealing packet by packet.</summary>
    private const int MaxConcealedPackets = 50;

    private readonly short[] _pcm = new short[OpusAudioDecoder.MaxFrameSamples * MediaRecorder.Channels];
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OpusAudioDecoder _decoder;
    private readonly AudioContinuityMonitor _continuity = new();
    private readonly AudioLossInjector _injector;
    private readonly RecordingTimeline? _timeline;
    private readonly byte? _captureTimeId;
    private bool _started;
    private ushort _lastSequence;
    private uint _lastTimestamp;
    private int _lastDuration = 960;
    private long _packets;

    public AudioTrackReceiver(uint ssrc, byte? captureTimeId, ViewerOptions options, RecordingTimeline? timeline, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        Ssrc = ssrc;
        _captureTimeId = captureTimeId;
        _timeline = timeline;
        _time = timeProvider;
        _logger = logger;
        _decoder = new OpusAudioDecoder(new OpusDecoderOptions { Channels = MediaRecorder.Channels }, logger);
        _injector = new AudioLossInjector(options.InjectedAudioLoss, options.InjectedLossSeed);
    }

    /// <summary>The audio SSRC; 0 until announced or seen.</summary>
    public uint Ssrc { get; private set; }

    /// <summary>RFC 3550 statistics of the wire, once the first packet arrived.</summary>
    public ReceiverStatistics? Statistics { get; private set; }

    public void OnPacket(RtpPacket rtp)
    {
        var header = rtp.Header;
        if (Ssrc == 0)
        {
            Ssrc = header.Ssrc;
        }

        if (header.Ssrc != Ssrc)
        {
            return;
        }

        _packets++;
        Statistics ??= new ReceiverStatistics(header.Ssrc, new ReceiverStatisticsOptions { ClockRate = 48_000 }, _time, _logger);
        Statistics.OnPacket(header.SequenceNumber, header.Timestamp);
        if (_injector.ShouldDrop())
        {
            return;
        }

        var duration = OpusPacketInspector.TryInspect(rtp.Payload, out var summary) ? summary.TotalSamples : _lastDuration;
        _continuity.Observe(header.SequenceNumber, header.Timestamp, duration);

        var lost = 0;
        if (_started)
        {
            var step = (ushort)(header.SequenceNumber - _lastSequence);
            if (step == 0 || step >= 0x8000)
            {
                return; // late or duplicated: its place in the output is already filled
            }

            lost = step - 1;
        }

        _started = true;
        _lastSequence = header.SequenceNumber;
        var capture = ViewerSession.TryReadCaptureTime(header, _captureTimeId, out var c) ? c : _time.GetUtcNow();
        if (lost is > 0 and <= MaxConcealedPackets)
        {
            for (var i = 0; i < lost; i++)
            {
                var samples = _decoder.DecodeLost(i == lost - 1 ? rtp.Payload : default, _pcm);
                var lostTimestamp = unchecked(_lastTimestamp + (uint)((i + 1) * _lastDuration));
                _timeline?.OnAudio(_pcm.AsSpan(0, samples * MediaRecorder.Channels), lostTimestamp, capture);
            }
        }

        var decoded = _decoder.Decode(rtp.Payload, _pcm);
        if (decoded > 0)
        {
            _lastDuration = decoded;
            _timeline?.OnAudio(_pcm.AsSpan(0, decoded * MediaRecorder.Channels), header.Timestamp, capture);
        }

        _lastTimestamp = header.Timestamp;
    }

    public AudioReport Report()
    {
        var continuity = _continuity.Statistics;
        var decoder = _decoder.Statistics;
        return new AudioReport(
            _packets,
            Math.Max(0, Statistics?.CumulativeLost ?? 0),
            _injector.DetectableDrops,
            _injector.DetectableRuns,
            continuity.Gaps,
            continuity.MissingPackets,
            continuity.LatePackets,
            continuity.Discontinuities,
            decoder.PacketsDecoded,
            decoder.ConcealedFrames,
            decoder.FecRecoveredFrames,
            decoder.MalformedPackets);
    }

    public void Dispose() => _decoder.Dispose();
}
