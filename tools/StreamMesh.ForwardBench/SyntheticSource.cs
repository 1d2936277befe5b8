using System.Diagnostics;
using StreamMesh.Mesh.Streams;
using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Rtp;

namespace StreamMesh.ForwardBench;

/// <summary>
/// A 30 fps H.264 + 20 ms Opus stream published straight into a <see cref="LiveStream"/>, shaped like
/// what the origin's ffmpeg pipeline produces (a 1 s GOP, an I-frame about four times a P-frame,
/// FU-A fragments of at most 1,100 bytes, a 160-byte Opus frame every 20 ms), with abs-send-time and
/// abs-capture-time stamped at publication so viewers measure the hop. The payload bytes are random:
/// nothing on the path decodes them. No ffmpeg, so the machine's cores go to forwarding.
/// </summary>
internal sealed class SyntheticSource(LiveStream stream, int videoKilobitsPerSecond)
{
    public const string StreamName = "bench";

    private const int Fps = 30;
    private const int MaxFragment = 1100;
    private readonly byte[] _packet = new byte[1500];
    private readonly byte[] _payload = new byte[MaxFragment];
    private ushort _videoSequence = (ushort)Random.Shared.Next(0, 0x8000);
    private ushort _audioSequence = (ushort)Random.Shared.Next(0, 0x8000);
    private long _published;

    public long PacketsPublished => Interlocked.Read(ref _published);

    /// <summary>The stream this source publishes: "bench", H.264 (PT 102, with RTX) and Opus (PT 111), fixed SSRCs.</summary>
    public static LiveStream CreateStream(FanOutScheduler scheduler)
    {
        var video = new StreamTrack(MediaKind.Video, "H264", 90_000, 0, 0x5111_0001, 0x5111_0002, 102);
        var audio = new StreamTrack(MediaKind.Audio, "opus", 48_000, 2, 0x5111_0003, 0, 111);
        return new LiveStream(StreamName, video, audio, TimeProvider.System, scheduler);
    }

    public void Run(CancellationToken cancellationToken)
    {
        Random.Shared.NextBytes(_payload);
        var bytesPerSecond = videoKilobitsPerSecond * 1000 / 8;

        // GOP of 30 frames: one I-frame worth 4 P-frames → 33 P-frame units per second.
        var pFrame = bytesPerSecond / (Fps - 1 + 4);
        var started = Stopwatch.GetTimestamp();
        long frames = 0, audioFrames = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            while (frames * 1000 / Fps <= elapsed.TotalMilliseconds)
            {
                var keyframe = frames % Fps == 0;
                PublishFrame(keyframe ? pFrame * 4 : pFrame, (uint)(frames * 3000), keyframe);
                frames++;
            }

            while (audioFrames * 20 <= elapsed.TotalMilliseconds)
            {
                PublishAudio((uint)(audioFrames * 960));
                audioFrames++;
            }

            // A coarse pacer is what a real source looks like too (ffmpeg hands over whole frames).
            cancellationToken.WaitHandle.WaitOne(5);
        }
    }

    private void PublishFrame(int size, uint timestamp, bool keyframe)
    {
        var capture = NtpTimestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
        var nalHeader = (byte)(keyframe ? 0x65 : 0x41);
        // Fragments as the origin's H264Payloader cuts them: full ones and the rest in the last.
        var fragments = (size + MaxFragment - 1) / MaxFragment;
        for (var i = 0; i < fragments; i++)
        {
            var chunk = Math.Min(MaxFragment, size - (i * MaxFragment));
            var first = i == 0;
            var last = i == fragments - 1;

            // RFC 6184 §5.8 FU-A: indicator (type 28) and header with S/E bits and the NAL type.
            Span<byte> fuHeader = [(byte)((nalHeader & 0xE0) | 28), (byte)((first ? 0x80 : 0) | (last ? 0x40 : 0) | (nalHeader & 0x1F))];
            var length = WriteHeader(stream.Video, _videoSequence++, timestamp, last, capture);
            fuHeader.CopyTo(_packet.AsSpan(length));
            _payload.AsSpan(0, chunk).CopyTo(_packet.AsSpan(length + 2));
            stream.QueueVideo(_packet.AsSpan(0, length + 2 + chunk), keyframe && first);
            Interlocked.Increment(ref _published);
        }

        // As the origin's StreamPublisher does: a frame's packets are queued, then sent on together.
        stream.SendQueued();
        stream.VideoClock.Update(timestamp, capture.ToDateTimeOffset());
    }

    private void PublishAudio(uint timestamp)
    {
        var capture = NtpTimestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
        var length = WriteHeader(stream.Audio, _audioSequence++, timestamp, marker: false, capture);
        _payload.AsSpan(0, 160).CopyTo(_packet.AsSpan(length));
        stream.PublishAudio(_packet.AsSpan(0, length + 160));
        stream.AudioClock.Update(timestamp, capture.ToDateTimeOffset());
        Interlocked.Increment(ref _published);
    }

    private int WriteHeader(StreamTrack track, ushort sequence, uint timestamp, bool marker, NtpTimestamp capture)
    {
        Span<byte> extensionBuffer = stackalloc byte[32];
        var extensions = new RtpHeaderExtensionWriter(extensionBuffer, RtpHeaderExtensionForm.OneByte);
        AbsSendTimeExtension.TryAdd(ref extensions, StreamTrack.AbsSendTimeId, AbsSendTimeExtension.FromNtp(capture));
        AbsCaptureTimeExtension.TryAdd(ref extensions, StreamTrack.AbsCaptureTimeId, capture);
        var header = new RtpHeader
        {
            Marker = marker,
            PayloadType = track.PayloadType,
            SequenceNumber = sequence,
            Timestamp = timestamp,
            Ssrc = track.Ssrc,
            ExtensionProfile = extensions.Profile,
            ExtensionData = extensions.Complete(),
        };
        return header.WriteTo(_packet);
    }
}
