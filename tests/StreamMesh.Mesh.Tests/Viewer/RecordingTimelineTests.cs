using StreamMesh.Mesh.Viewer;

namespace StreamMesh.Mesh.Tests.Viewer;

public sealed class RecordingTimelineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 22, 0, 0, TimeSpan.Zero);
    private static readonly short[] Frame20Ms = new short[960 * 2];

    [Fact]
    public void OnVideoFrame_BeforeFirstKeyframe_SkippedAndNotStarted()
    {
        var sink = new RecordingSinkSpy();
        var timeline = new RecordingTimeline(sink);

        timeline.OnVideoFrame([1], 1000, keyframe: false, T0);

        Assert.False(timeline.Started);
        Assert.Equal(0, sink.Starts);
        Assert.Empty(sink.VideoTimestamps);
        Assert.Equal(1, timeline.VideoFramesSkipped);
    }

    [Fact]
    public void OnVideoFrame_TimestampsFollowRtpDistanceAcrossWrap()
    {
        var sink = new RecordingSinkSpy();
        var timeline = new RecordingTimeline(sink);

        timeline.OnVideoFrame([1], uint.MaxValue - 1499, keyframe: true, T0);
        timeline.OnVideoFrame([2], 1500, keyframe: false, T0);
        timeline.OnVideoFrame([3], 1500, keyframe: false, T0); // same timestamp again: not monotonic, skipped
        timeline.OnVideoFrame([4], 4500, keyframe: false, T0);

        Assert.Equal(1, sink.Starts);
        Assert.Equal([0L, 3000, 6000], sink.VideoTimestamps);
    }

    [Fact]
    public void OnAudio_StartsLaterThanVideo_PaddedWithSilenceByCaptureTime()
    {
        var sink = new RecordingSinkSpy();
        var timeline = new RecordingTimeline(sink);
        timeline.OnVideoFrame([1], 0, keyframe: true, T0);

        timeline.OnAudio(Frame20Ms, 5000, T0.AddMilliseconds(100));

        Assert.Equal(4800, sink.Silence);
        Assert.Equal(4800 + 960, sink.AudioSamples);
    }

    [Fact]
    public void OnAudio_CapturedBeforeVideoStart_Skipped()
    {
        var sink = new RecordingSinkSpy();
        var timeline = new RecordingTimeline(sink);
        timeline.OnAudio(Frame20Ms, 100, T0);
        timeline.OnVideoFrame([1], 0, keyframe: true, T0);

        timeline.OnAudio(Frame20Ms, 5000, T0.AddMilliseconds(-20));

        Assert.Equal(0, sink.AudioSamples);
        Assert.Equal(2, timeline.AudioPacketsSkipped);
    }

    [Fact]
    public void OnAudio_TimestampJump_FilledWithSilenceSoAudioStaysInSync()
    {
        var sink = new RecordingSinkSpy();
        var timeline = new RecordingTimeline(sink);
        timeline.OnVideoFrame([1], 0, keyframe: true, T0);
        timeline.OnAudio(Frame20Ms, 10_000, T0);
        timeline.OnAudio(Frame20Ms, 10_960, T0);

        // DTX: 1 s of nothing, then audio resumes 1 s + 40 ms after the start of the first packet.
        timeline.OnAudio(Frame20Ms, 10_000 + 49_920, T0);

        Assert.Equal(49_920 - 1920, sink.Silence);
        Assert.Equal(49_920 + 960, sink.AudioSamples);
    }

    [Fact]
    public void OnAudio_ContinuousPackets_NoSilence()
    {
        var sink = new RecordingSinkSpy();
        var timeline = new RecordingTimeline(sink);
        timeline.OnVideoFrame([1], 0, keyframe: true, T0);
        for (var i = 0; i < 50; i++)
        {
            timeline.OnAudio(Frame20Ms, (uint)(i * 960), T0);
        }

        Assert.Equal(0, sink.Silence);
        Assert.Equal(50 * 960, sink.AudioSamples);
    }
}
