using StreamMesh.Mesh.Viewer;

namespace StreamMesh.Mesh.Tests.Viewer;

public sealed class RecordingSegmentSinkTests
{
    [Fact]
    public void WriteVideo_SecondSegment_ShiftedByOffsetAskedAtFirstFrame()
    {
        var file = new RecordingSinkSpy();
        var first = new RecordingSegmentSink(file, static () => 0, recorderStarted: false);
        first.Start();
        first.WriteVideo([1], 0);
        first.WriteVideo([2], 3000);

        var offsetAsked = 0;
        var second = new RecordingSegmentSink(file, () => { offsetAsked++; return first.LastVideoTimestamp + 90_000; }, first.Started);
        Assert.Equal(0, offsetAsked); // the switch time is known only when the next parent's first frame arrives
        second.Start();
        second.WriteVideo([3], 0);
        second.WriteVideo([4], 3000);

        Assert.Equal(1, file.Starts); // one file, started once
        Assert.Equal(1, offsetAsked);
        Assert.Equal([0L, 3000, 93_000, 96_000], file.VideoTimestamps);
        Assert.Equal(96_000, second.LastVideoTimestamp);
    }

    [Fact]
    public void AudioSamples_SecondSegment_CountsFromItsStartSoTheTimelinePadsTheFreeze()
    {
        var file = new RecordingSinkSpy();
        file.WriteAudio(new short[48_000 * 2]); // 1 s of audio written by the first parent
        // The next parent starts at 2 s on the file's timeline (video 180,000 at 90 kHz).
        var sink = new RecordingSegmentSink(file, static () => 180_000, recorderStarted: true);
        var timeline = new RecordingTimeline(sink);
        var capture = new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

        timeline.OnVideoFrame([1], 5000, keyframe: true, capture);
        Assert.Equal(-48_000, sink.AudioSamples); // the file's audio lags the segment start by 1 s
        timeline.OnAudio(new short[960 * 2], 100, capture);

        // The 1 s hole (the freeze) became silence, then the packet itself.
        Assert.Equal(48_000, file.Silence);
        Assert.Equal(48_000 + 48_000 + 960, file.AudioSamples);
        Assert.Equal([180_000L], file.VideoTimestamps);
    }
}
