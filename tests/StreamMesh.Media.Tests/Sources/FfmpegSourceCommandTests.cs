using StreamMesh.Media.Sources;

namespace StreamMesh.Media.Tests.Sources;

public sealed class FfmpegSourceCommandTests
{
    private static readonly Func<Stream, CancellationToken, Task> NoRead = (_, _) => Task.CompletedTask;

    [Fact]
    public void Create_LoopedFileWithSilence_OrdersGlobalsInputsAndBothPipeOutputs()
    {
        var options = new MediaSourceOptions { Uri = "/media/show.mp4", Loop = true };
        var plan = new FfmpegInputPlan(
            [new FfmpegInput("file:/media/show.mp4", ["-stream_loop -1", "-re"]), new FfmpegInput("anullsrc=channel_layout=stereo:sample_rate=48000", ["-re", "-f lavfi"])],
            VideoStream: "0:0",
            AudioStream: "1:a:0");

        var arguments = FfmpegSourceCommand.Create(options, plan, "unix:/tmp/p.sock", NoRead, NoRead, _ => { }, CancellationToken.None).Arguments;

        var order = new[]
        {
            "-hide_banner -nostats -loglevel level+info -stats_period 1 -progress \"unix:/tmp/p.sock\"",
            "-stream_loop -1 -re -i \"file:/media/show.mp4\"",
            "-re -f lavfi -i \"anullsrc=channel_layout=stereo:sample_rate=48000\"",
            "-map 0:0 ",
            "-c:v libx264",
            "-f h264 \"unix:",
            "-map 1:a:0 ",
            "-c:a pcm_s16le",
            "-f s16le \"unix:",
        }.Select(part => arguments.IndexOf(part, StringComparison.Ordinal)).ToList();

        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order(), order);
    }

    [Fact]
    public void Create_EmptyPlan_Throws()
    {
        var options = new MediaSourceOptions { Uri = "testsrc" };

        Assert.Throws<InvalidOperationException>(() =>
            FfmpegSourceCommand.Create(options, new FfmpegInputPlan([], "0:v", "0:a"), "unix:/tmp/p.sock", NoRead, NoRead, _ => { }, CancellationToken.None));
    }
}
