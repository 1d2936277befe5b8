using Microsoft.Extensions.Time.Testing;
using StreamMesh.Mesh.Origin;
using StreamMesh.Mesh.Streams;
using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Rtp;

namespace StreamMesh.Mesh.Tests.Origin;

/// <summary>
/// Timing at ingest (issue 6, Deliver 4): RTP timestamps follow the source's clock within a segment and continue
/// across a source switch by the wall-clock time that passed; every packet carries abs-capture-time stamped at
/// ingest; the track clock that sender reports read maps RTP time to that capture wall clock (RFC 3550 §6.4.1).
/// </summary>
public sealed class IngestTimingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 1, 0, 0, TimeSpan.Zero);
    private static readonly StreamTrack Video = new(MediaKind.Video, "H264", 90_000, 0, 0xAABBCCDD, 0x2222, 102);
    private static readonly StreamTrack Audio = new(MediaKind.Audio, "opus", 48_000, 2, 0x11223344, 0, 111);

    [Fact]
    public void TrackTimelineMap_WithinSegment_FollowsSourceTimestampsExactly()
    {
        var timeline = new TrackTimeline(90_000, 3000, initialTimestamp: 1_000_000);
        timeline.BeginSegment();

        Assert.Equal(1_000_000u, timeline.Map(0, T0));
        // The capture times jitter, the source clock does not: RTP time is the source's, offset once.
        Assert.Equal(1_003_000u, timeline.Map(3000, T0.AddMilliseconds(50)));
        Assert.Equal(1_006_000u, timeline.Map(6000, T0.AddMilliseconds(60)));
    }

    [Fact]
    public void TrackTimelineMap_NewSegmentAfterOutage_ContinuesByElapsedWallClock()
    {
        var timeline = new TrackTimeline(90_000, 3000, initialTimestamp: uint.MaxValue - 1000);
        timeline.BeginSegment();
        timeline.Map(0, T0);
        timeline.Map(3000, T0.AddMilliseconds(33));

        // The source restarts counting from zero 10 s later.
        timeline.BeginSegment();
        var resumed = timeline.Map(0, T0.AddMilliseconds(10_033));

        // 10 s × 90 kHz after the last timestamp, modulo 2^32 (RFC 3550 §5.1).
        Assert.Equal(unchecked(uint.MaxValue - 1000 + 3000 + 900_000), resumed);
        Assert.Equal(unchecked(resumed + 3000), timeline.Map(3000, T0.AddMilliseconds(10_066)));
    }

    [Fact]
    public void TrackTimelineMap_SegmentStartsAtOnce_AdvancesAtLeastOneFrame()
    {
        var timeline = new TrackTimeline(90_000, 3000, initialTimestamp: 0);
        timeline.BeginSegment();
        timeline.Map(0, T0);
        timeline.BeginSegment();

        Assert.Equal(3000u, timeline.Map(0, T0));
    }

    [Fact]
    public void ForwardVideo_PublisherPackets_RewrittenToStreamSsrcWithCaptureTimeAndClockMapping()
    {
        using var stream = new LiveStream("cam", Video, Audio, new FakeTimeProvider(T0), FanOutScheduler.Inline);
        using var publisher = new StreamPublisher(stream, vp8: false, frameRate: 30, audioBitrateKbps: 64, audioComplexity: 0);
        var recorder = new PacketRecorder();
        stream.Attach(recorder);
        publisher.BeginForwarding();

        // A P-slice before any keyframe is dropped: a viewer must start on a decodable picture.
        Assert.False(publisher.ForwardVideo([0x41, 0x9A], sourceTimestamp: 500, marker: true, startsKeyframe: false, T0));
        Assert.True(publisher.ForwardVideo([0x78, 0x00, 0x01, 0x67], 3500, marker: false, startsKeyframe: true, T0.AddMilliseconds(10)));
        Assert.True(publisher.ForwardVideo([0x65, 0x88], 3500, marker: true, startsKeyframe: false, T0.AddMilliseconds(10)));
        Assert.True(publisher.ForwardVideo([0x41, 0x9A], 6500, marker: true, startsKeyframe: false, T0.AddMilliseconds(43)));

        Assert.Equal(3, recorder.Packets.Count);
        Assert.Equal(1, publisher.FramesSkipped);
        var (first, second, third) = (recorder.Packets[0], recorder.Packets[1], recorder.Packets[2]);
        Assert.All(recorder.Packets, p => Assert.Equal(Video.Ssrc, p.Ssrc));
        Assert.All(recorder.Packets, p => Assert.Equal(Video.PayloadType, p.PayloadType));
        Assert.Equal((ushort)(first.Sequence + 1), second.Sequence);
        Assert.Equal((ushort)(first.Sequence + 2), third.Sequence);
        Assert.Equal(first.Timestamp, second.Timestamp);
        Assert.Equal(unchecked(first.Timestamp + 3000), third.Timestamp);
        Assert.False(first.Marker);
        Assert.True(second.Marker);
        Assert.Equal([0x78, 0x00, 0x01, 0x67], first.Payload);

        // abs-capture-time is the capture time given at ingest (NTP format, RFC 5905 §6).
        Assert.Equal(NtpTimestamp.FromDateTimeOffset(T0.AddMilliseconds(10)), first.CaptureTime);
        Assert.Equal(NtpTimestamp.FromDateTimeOffset(T0.AddMilliseconds(43)), third.CaptureTime);

        // What a sender report sent 1 s after the last frame says: RTP time advanced by 90 000 ticks.
        Assert.True(stream.VideoClock.TryGetRtpTimestampAt(T0.AddMilliseconds(1043), 90_000, out var reported));
        Assert.Equal(unchecked(third.Timestamp + 90_000), reported);
    }

    [Fact]
    public void ForwardAudio_OpusPayload_CopiedUnchangedOnStreamTimeline()
    {
        using var stream = new LiveStream("cam", Video, Audio, new FakeTimeProvider(T0), FanOutScheduler.Inline);
        using var publisher = new StreamPublisher(stream, vp8: false, frameRate: 30, audioBitrateKbps: 64, audioComplexity: 0);
        var recorder = new PacketRecorder();
        stream.Attach(recorder);
        publisher.BeginForwarding();

        publisher.ForwardAudio([0xFC, 0x01, 0x02], sourceTimestamp: 123_456, marker: true, T0);
        publisher.ForwardAudio([0xFC, 0x03], 123_456 + 960, marker: false, T0.AddMilliseconds(20));

        Assert.Equal(2, recorder.Packets.Count);
        Assert.All(recorder.Packets, p => Assert.Equal(Audio.Ssrc, p.Ssrc));
        Assert.Equal([0xFC, 0x01, 0x02], recorder.Packets[0].Payload);
        Assert.Equal(unchecked(recorder.Packets[0].Timestamp + 960), recorder.Packets[1].Timestamp);
        Assert.True(stream.AudioClock.TryGetRtpTimestampAt(T0.AddMilliseconds(20), 48_000, out var reported));
        Assert.Equal(recorder.Packets[1].Timestamp, reported);
    }

    private sealed record Recorded(uint Ssrc, byte PayloadType, ushort Sequence, uint Timestamp, bool Marker, NtpTimestamp CaptureTime, byte[] Payload);

    private sealed class PacketRecorder : IStreamSubscriber
    {
        public List<Recorded> Packets { get; } = [];

        public void SendPacket(MediaKind kind, ReadOnlySpan<byte> rtpPacket)
        {
            Assert.True(RtpPacket.TryParse(rtpPacket, out var packet));
            var header = packet.Header;
            Assert.True(header.TryGetExtension(StreamTrack.AbsCaptureTimeId, out var value));
            Assert.True(AbsCaptureTimeExtension.TryRead(value, out var capture, out _));
            Assert.True(header.TryGetExtension(StreamTrack.AbsSendTimeId, out _));
            Packets.Add(new Recorded(header.Ssrc, header.PayloadType, header.SequenceNumber, header.Timestamp, header.Marker, capture, packet.Payload.ToArray()));
        }
    }
}
