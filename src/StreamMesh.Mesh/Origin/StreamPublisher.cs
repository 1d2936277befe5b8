using System.Runtime.InteropServices;
using StreamMesh.Media.Audio;
using StreamMesh.Media.Payload;
using StreamMesh.Media.Payload.H264;
using StreamMesh.Media.Payload.Opus;
using StreamMesh.Media.Payload.Vp8;
using StreamMesh.Media.Sources;
using StreamMesh.Mesh.Streams;

namespace StreamMesh.Mesh.Origin;

/// <summary>
/// Writes whichever media source currently feeds a stream (the real source or the slate) into its
/// <see cref="LiveStream"/> as one continuous RTP stream per track: the packetizers keep their sequence
/// numbers and <see cref="TrackTimeline"/>s their timestamps across sources, so a switch looks to a viewer like
/// a keyframe in the same stream. After a switch video waits for a keyframe, so viewers never get P-frames
/// that reference pictures of the previous source. One source is pumped at a time: the supervisor stops one
/// pump before starting the next, and each track is written by one task.
/// </summary>
internal sealed class StreamPublisher : IDisposable
{
    private readonly LiveStream _stream;
    private readonly TrackPacketizer _video;
    private readonly TrackPacketizer _audio;
    private readonly OpusAudioEncoder _encoder;
    private readonly TrackTimeline _videoTimeline;
    private readonly TrackTimeline _audioTimeline;
    private readonly byte[] _opus = new byte[1275];
    private volatile bool _awaitingKeyframe = true;
    private long _framesSkipped;

    public StreamPublisher(LiveStream stream, bool vp8, int frameRate, int audioBitrateKbps, int audioComplexity, bool audioFec = false)
    {
        _stream = stream;
        IRtpPayloader payloader = vp8 ? new Vp8Payloader() : new H264Payloader();
        // A frame's packets are queued one by one and sent on together (SendQueued): one batch per frame.
        _video = new TrackPacketizer(stream.Video, payloader, (packet, startsKeyframe) => _stream.QueueVideo(packet, startsKeyframe));
        _audio = new TrackPacketizer(stream.Audio, new OpusPayloader(), (packet, _) => _stream.PublishAudio(packet));
        // Without FEC the expected loss is 0, so Opus keeps music in CELT mode (see OriginOptions.AudioFec).
        _encoder = new OpusAudioEncoder(OpusEncoderOptions.Music with
        {
            Bitrate = audioBitrateKbps * 1000,
            Complexity = audioComplexity,
            UseInbandFec = audioFec,
            PacketLossPercent = audioFec ? OpusEncoderOptions.Music.PacketLossPercent : 0,
        });
        _videoTimeline = new TrackTimeline(EncodedVideoFrame.ClockRate, (uint)(EncodedVideoFrame.ClockRate / frameRate), RandomTimestamp());
        _audioTimeline = new TrackTimeline(MediaSourceOptions.AudioSampleRate, (uint)PcmAudioFrame.SamplesPerChannel, RandomTimestamp());
    }

    /// <summary>Video frames dropped while waiting for a new source's first keyframe.</summary>
    public long FramesSkipped => Interlocked.Read(ref _framesSkipped);

    /// <summary>Reads <paramref name="source"/> until it ends or <paramref name="cancellationToken"/> fires; returns its failure, if any.</summary>
    public async Task<MediaSourceException?> PumpAsync(FfmpegMediaSource source, CancellationToken cancellationToken)
    {
        _videoTimeline.BeginSegment();
        _audioTimeline.BeginSegment();
        _awaitingKeyframe = true;

        // A mono source reaches us upmixed to two equal channels: code it as mono Opus (half the CELT band work).
        _encoder.CodeAsMono = source.Plan?.AudioChannels == 1;
        var video = Task.Run(() => PumpVideoAsync(source, cancellationToken), cancellationToken);
        var audio = Task.Run(() => PumpAudioAsync(source, cancellationToken), cancellationToken);
        try
        {
            await Task.WhenAll(video, audio).ConfigureAwait(false);
            return null;
        }
        catch (MediaSourceException exception)
        {
            return exception;
        }
    }

    /// <summary>
    /// Starts a segment fed by <see cref="ForwardVideo"/> and <see cref="ForwardAudio"/> (a WHIP publisher) instead of
    /// a pumped source. Call only while no pump runs; the forwarding caller then writes each track from one thread.
    /// </summary>
    public void BeginForwarding()
    {
        _videoTimeline.BeginSegment();
        _audioTimeline.BeginSegment();
        _awaitingKeyframe = true;
    }

    /// <summary>Forwards one RTP payload of the publisher's video, re-timed onto this stream's timeline.</summary>
    /// <returns>False when it was dropped because the segment has not reached a keyframe yet (ask the publisher for one).</returns>
    public bool ForwardVideo(ReadOnlySpan<byte> payload, uint sourceTimestamp, bool marker, bool startsKeyframe, DateTimeOffset captureTime)
    {
        if (_awaitingKeyframe && !startsKeyframe)
        {
            Interlocked.Increment(ref _framesSkipped);
            return false;
        }

        _awaitingKeyframe = false;
        var timestamp = _videoTimeline.Map(sourceTimestamp, captureTime);
        _stream.VideoClock.Update(timestamp, captureTime);
        _video.WritePacket(payload, timestamp, captureTime, marker, startsKeyframe);
        _stream.SendQueued();
        return true;
    }

    /// <summary>Forwards one RTP payload of the publisher's Opus audio (already Opus: no re-encoding).</summary>
    public void ForwardAudio(ReadOnlySpan<byte> payload, uint sourceTimestamp, bool marker, DateTimeOffset captureTime)
    {
        var timestamp = _audioTimeline.Map(sourceTimestamp, captureTime);
        _stream.AudioClock.Update(timestamp, captureTime);
        _audio.WritePacket(payload, timestamp, captureTime, marker, startsKeyframe: false);
    }

    public void Dispose() => _encoder.Dispose();

    private async Task PumpVideoAsync(FfmpegMediaSource source, CancellationToken cancellationToken)
    {
        await foreach (var frame in source.VideoFrames.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            using (frame)
            {
                if (_awaitingKeyframe && !frame.IsKeyframe)
                {
                    Interlocked.Increment(ref _framesSkipped);
                    continue;
                }

                _awaitingKeyframe = false;
                var timestamp = _videoTimeline.Map(frame.Timestamp, frame.CaptureTime);
                _stream.VideoClock.Update(timestamp, frame.CaptureTime);
                _video.WriteFrame(frame.Data.Span, timestamp, frame.CaptureTime, frame.IsKeyframe);
                _stream.SendQueued();
            }
        }
    }

    private async Task PumpAudioAsync(FfmpegMediaSource source, CancellationToken cancellationToken)
    {
        await foreach (var frame in source.AudioFrames.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            using (frame)
            {
                var pcm = MemoryMarshal.Cast<byte, short>(frame.Data.Span);
                var length = _encoder.Encode(pcm, _opus);
                var timestamp = _audioTimeline.Map(frame.Timestamp, frame.CaptureTime);
                _stream.AudioClock.Update(timestamp, frame.CaptureTime);
                _audio.WriteFrame(_opus.AsSpan(0, length), timestamp, frame.CaptureTime, keyframe: false);
            }
        }
    }

    private static uint RandomTimestamp() => (uint)Random.Shared.NextInt64(0, uint.MaxValue);
}
