using FFMpegCore;
using StreamMesh.Media.Sources;

namespace StreamMesh.Media.Tests.Sources;

[Collection(FfmpegCollection.Name)]
public sealed class InputBuilderTests(MediaFilesFixture files)
{
    private static readonly FFOptions FfOptions = MediaFilesFixture.FfOptions;

    [Fact]
    public async Task TestPattern_FontPresent_DrawsClockOnPacedLavfiInputs()
    {
        var options = new MediaSourceOptions { Uri = "testsrc", Width = 640, Height = 360, FrameRate = 25 };

        var plan = await new TestPatternInputBuilder().BuildAsync(options, FfOptions, CancellationToken.None);

        Assert.Equal(2, plan.Inputs.Count);
        Assert.StartsWith("testsrc2=size=640x360:rate=25,drawtext=fontfile=", plan.Inputs[0].Target, StringComparison.Ordinal);
        Assert.Contains("%{pts\\:hms}", plan.Inputs[0].Target, StringComparison.Ordinal);
        Assert.Equal("sine=frequency=1000:sample_rate=48000:beep_factor=4", plan.Inputs[1].Target);
        Assert.All(plan.Inputs, input => Assert.Equal(["-re", "-f lavfi"], input.Options));
        Assert.Equal(("0:v:0", "1:a:0"), (plan.VideoStream, plan.AudioStream));
    }

    [Fact]
    public async Task TestPattern_FontMissing_FallsBackToThePatternsOwnTimecode()
    {
        var options = new MediaSourceOptions { Uri = "testsrc", Width = 640, Height = 360, ClockFontFile = "/nonexistent/font.ttf" };

        var plan = await new TestPatternInputBuilder().BuildAsync(options, FfOptions, CancellationToken.None);

        Assert.Equal("testsrc2=size=640x360:rate=30", plan.Inputs[0].Target);
    }

    [Fact]
    public async Task File_LoopedWithAudio_StreamLoopAndReOnTheFileAndItsOwnStreams()
    {
        var options = new MediaSourceOptions { Uri = files.TwoSecondMp4, Loop = true };

        var plan = await new FileInputBuilder().BuildAsync(options, FfOptions, CancellationToken.None);

        var input = Assert.Single(plan.Inputs);
        Assert.Equal("file:" + files.TwoSecondMp4, input.Target);
        Assert.Equal(["-stream_loop -1", "-re"], input.Options);
        Assert.Equal(("0:0", "0:1"), (plan.VideoStream, plan.AudioStream));
    }

    [Fact]
    public async Task File_PlayedOnceWithoutAudio_AddsSilenceLimitedToTheFilesDuration()
    {
        var options = new MediaSourceOptions { Uri = files.VideoOnlyMp4 };

        var plan = await new FileInputBuilder().BuildAsync(options, FfOptions, CancellationToken.None);

        Assert.Equal(2, plan.Inputs.Count);
        Assert.Equal(["-re"], plan.Inputs[0].Options);
        Assert.StartsWith("anullsrc=", plan.Inputs[1].Target, StringComparison.Ordinal);
        Assert.Equal(["-re", "-f lavfi", "-t 2"], plan.Inputs[1].Options);
        Assert.Equal("1:a:0", plan.AudioStream);
    }
}
