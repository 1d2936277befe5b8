using Microsoft.Extensions.Time.Testing;
using StreamMesh.Media.Sources;

namespace StreamMesh.Media.Tests.Sources;

[Collection(FfmpegCollection.Name)]
public sealed class FfmpegMediaSourceVideoTests
{
    // NAL unit types (H.264 Table 7-1).
    private const int IdrSlice = 5;
    private const int Sps = 7;
    private const int Pps = 8;
    private const int Aud = 9;

    [Fact]
    public async Task VideoFrames_TestPatternH264Defaults_FirstFrameIsDelimitedIdrWithSpsAndPps()
    {
        await using var source = new FfmpegMediaSource(new MediaSourceOptions { Uri = "testsrc" });
        await source.StartAsync(CancellationToken.None);

        var frames = await FrameLog.ReadVideoAsync(source, 2);

        var first = AnnexB.NalTypes(frames[0].Data);
        Assert.True(frames[0].IsKeyframe);
        Assert.Equal(Aud, first[0]);
        Assert.Contains(Sps, first);
        Assert.Contains(Pps, first);
        Assert.Contains(IdrSlice, first);
        Assert.True(first.IndexOf(Sps) < first.IndexOf(IdrSlice) && first.IndexOf(Pps) < first.IndexOf(IdrSlice));

        // SPS (H.264 §7.3.2.1.1) after its NAL header: profile_idc 66 (Baseline) with constraint_set1_flag
        // (constrained baseline), level_idc 31 for 1280x720@30.
        var spsStart = IndexOfNal(frames[0].Data, Sps);
        Assert.Equal(66, frames[0].Data[spsStart + 1]);
        Assert.NotEqual(0, frames[0].Data[spsStart + 2] & 0x40);
        Assert.Equal(31, frames[0].Data[spsStart + 3]);

        var second = AnnexB.NalTypes(frames[1].Data);
        Assert.False(frames[1].IsKeyframe);
        Assert.Equal(Aud, second[0]);
        Assert.DoesNotContain(IdrSlice, second);
        Assert.Equal(MediaSourceState.Running, source.State);
    }

    [Fact]
    public async Task VideoFrames_TestPatternH264For3Seconds_KeyframesEverySecondTimestampsStep3000AtRealTime()
    {
        var options = new MediaSourceOptions { Uri = "testsrc", Width = 640, Height = 360, VideoBitrateKbps = 1_000 };
        await using var source = new FfmpegMediaSource(options);
        await source.StartAsync(CancellationToken.None);

        var frames = await FrameLog.ReadVideoAsync(source, 90);

        Assert.Equal(90, frames.Count);
        for (var i = 1; i < frames.Count; i++)
        {
            Assert.Equal(3000, frames[i].Timestamp - frames[i - 1].Timestamp);
            Assert.True(frames[i].CaptureTime >= frames[i - 1].CaptureTime, $"capture time went backwards at frame {i}");
        }

        var keyframes = frames.Where(f => f.IsKeyframe).Select(f => f.Timestamp).ToList();
        Assert.Equal([0L, 90_000L, 180_000L], keyframes);
        Assert.All(frames.Where(f => f.IsKeyframe), f => Assert.Contains(Sps, AnnexB.NalTypes(f.Data)));

        // -re paces the pattern to real time; the bound is loose because the machine is shared.
        var seconds = (frames[^1].CaptureTime - frames[0].CaptureTime).TotalSeconds;
        var fps = (frames.Count - 1) / seconds;
        Assert.InRange(fps, 15, 45);
    }

    [Fact]
    public async Task VideoFrames_TestPatternVp8_FirstFrameIsKeyframeAndFramesFlowWithPtsTimestamps()
    {
        // A fake clock that never advances: every capture time must be exactly its instant.
        var start = new DateTimeOffset(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(start);
        var options = new MediaSourceOptions { Uri = "testsrc", VideoCodec = SourceVideoCodec.VP8, Width = 640, Height = 360, VideoBitrateKbps = 1_000 };
        await using var source = new FfmpegMediaSource(options, time);
        await source.StartAsync(CancellationToken.None);

        var frames = await FrameLog.ReadVideoAsync(source, 45);

        Assert.Equal(45, frames.Count);

        // RFC 6386 §9.1: key frame tag bit 0 is 0, then start code 9d 01 2a and 14-bit width and height.
        var key = frames[0].Data;
        Assert.True(frames[0].IsKeyframe);
        Assert.Equal(0, key[0] & 0x01);
        Assert.Equal([0x9D, 0x01, 0x2A], key[3..6]);
        Assert.Equal(640, (key[6] | (key[7] << 8)) & 0x3FFF);
        Assert.Equal(360, (key[8] | (key[9] << 8)) & 0x3FFF);
        Assert.All(frames.Skip(1).Where(f => !f.IsKeyframe), f => Assert.Equal(1, f.Data[0] & 0x01));
        Assert.True(frames[30].IsKeyframe);

        for (var i = 1; i < frames.Count; i++)
        {
            Assert.Equal(3000, frames[i].Timestamp - frames[i - 1].Timestamp);
        }

        Assert.All(frames, f => Assert.Equal(start, f.CaptureTime));
    }

    private static int IndexOfNal(byte[] data, int type)
    {
        for (var i = 0; i + 3 < data.Length; i++)
        {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1 && (data[i + 3] & 0x1F) == type)
            {
                return i + 3;
            }
        }

        return -1;
    }
}
