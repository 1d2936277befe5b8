using StreamMesh.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests.Viewer;

/// <summary>
/// <c>streammesh view --record</c> against a real origin process: the file ffprobe reads back has one
/// video stream in the codec sent (copied, not re-encoded) and one audio stream, of about the watched
/// duration, and the stats of a clean loopback run show no audio gap.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ViewerRecordingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task View_H264Origin_RecordsMp4WithOneH264AndOneAudioStreamOfAbout10sAndNoAudioGaps()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", "testsrc", "--stream", "demo", "--video", "h264"], cts.Token);
        var work = ViewCommand.CreateWorkDirectory("h264");

        var run = await ViewCommand.RunAsync(["--whep", $"{origin.HttpBase}/whep/demo", "--record", "out.mp4", "--duration", "10s", "--stats", "s.json"], work, cts.Token);
        output.WriteLine(run.ToString());

        Assert.True(run.ExitCode == 0, $"{run}\n{origin.Log}");
        Assert.Contains("kbit/s | loss", run.StandardOutput, StringComparison.Ordinal);
        var probe = await MediaProbe.RunAsync(Path.Combine(work, "out.mp4"), cts.Token);
        output.WriteLine($"ffprobe: {string.Join(", ", probe.Streams)} {probe.DurationSeconds:0.00} s ({string.Join(", ", probe.StreamSeconds)})");
        Assert.Equal([("video", "h264"), ("audio", "aac")], probe.Streams.OrderByDescending(s => s.Type).ToList());

        // About 10 s: the origin replays the current GOP on attach, so a little more picture than wall time is normal.
        Assert.InRange(probe.DurationSeconds, 8.5, 13.5);

        // Audio and video were placed by RTP/capture timestamps, so both tracks cover the same span.
        Assert.InRange(Math.Abs(probe.StreamSeconds["video"] - probe.StreamSeconds["audio"]), 0, 1.0);

        var stats = await ViewerStats.ReadAsync(Path.Combine(work, "s.json"), cts.Token);
        Assert.InRange(stats.Seconds, 9.9, 12);
        Assert.Equal(0, stats.Long("audio", "gaps"));
        Assert.Equal(0, stats.Long("audio", "missingPackets"));
        Assert.True(stats.Long("audio", "decodedFrames") > 400, stats.ToString());
        Assert.True(stats.Long("video", "frames") > 150, stats.ToString());
        Assert.True(stats.Long("video", "keyframes") >= 1, stats.ToString());
        Assert.Equal("H264", stats.Text("video", "codec"));
        Assert.True(stats.Long("latency", "samples") > 0, stats.ToString());
    }

    [Fact]
    public async Task View_Vp8Origin_RecordsWebMWithVp8AndOpusInsteadOfMp4()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", "testsrc", "--stream", "demo", "--video", "vp8", "--width", "640", "--height", "360", "--bitrate", "800"], cts.Token);
        var work = ViewCommand.CreateWorkDirectory("vp8");

        var run = await ViewCommand.RunAsync(["--whep", $"{origin.HttpBase}/whep/demo", "--record", "out.mp4", "--duration", "6s", "--stats", "s.json"], work, cts.Token);
        output.WriteLine(run.ToString());

        Assert.True(run.ExitCode == 0, $"{run}\n{origin.Log}");
        Assert.False(File.Exists(Path.Combine(work, "out.mp4")), "VP8 must not be written into MP4");
        var probe = await MediaProbe.RunAsync(Path.Combine(work, "out.webm"), cts.Token);
        output.WriteLine($"ffprobe: {string.Join(", ", probe.Streams)} {probe.DurationSeconds:0.00} s");
        Assert.Equal([("video", "vp8"), ("audio", "opus")], probe.Streams.OrderByDescending(s => s.Type).ToList());
        Assert.InRange(probe.DurationSeconds, 4.5, 9.5);
        var stats = await ViewerStats.ReadAsync(Path.Combine(work, "s.json"), cts.Token);
        Assert.Equal("VP8", stats.Text("video", "codec"));
        Assert.Equal("WebM", stats.Text("recording", "container"));
    }
}
