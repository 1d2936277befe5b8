using StreamMesh.EndToEnd.Tests.Infrastructure;
using StreamMesh.Mesh.LoadTesting;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests.LoadGen;

/// <summary>An origin process and 20 in-process headless viewers (each its own socket, ICE, DTLS, SRTP) on loopback.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class LoadGenOriginTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ViewerLoadRun_TwentyViewersOnOneOrigin_AllPlayVideoAndAudioWithoutLoss()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", "testsrc", "--stream", "demo"], cts.Token);
        var options = new ViewerLoadOptions
        {
            Viewers = 20,
            RampPerSecond = 10,
            Duration = TimeSpan.FromSeconds(10),
            Viewer = new HeadlessViewerOptions { ConnectTimeout = TimeSpan.FromSeconds(30) },
        };

        await using var run = new ViewerLoadRun(options, new FixedWhepTargetSource(new Uri($"{origin.HttpBase}/whep/demo")));
        var report = await run.RunAsync(progress: null, cts.Token);
        var s = report.Summary;
        output.WriteLine(
            $"connected {s.ViewersConnected}/{s.ViewersRequested}, failed {s.ViewersFailed}, video+audio {s.ViewersWithVideoAndAudio}; " +
            $"{s.PacketsPerSecond:0} pkt/s {s.MegabitsPerSecond:0.0} Mbit/s; lost {s.Lost}/{s.Expected}; NACKs {s.NacksSent} RTX {s.RetransmissionsReceived}; " +
            $"video latency p50 {s.VideoLatency.P50Ms:0.0} p95 {s.VideoLatency.P95Ms:0.0} max {s.VideoLatency.MaxMs:0.0} ms; " +
            $"audio p50 {s.AudioLatency.P50Ms:0.0} ms; longest gap p50 {s.LongestVideoGap.P50Ms:0} max {s.LongestVideoGap.MaxMs:0} ms");
        foreach (var (reason, count) in s.FailureReasons)
        {
            output.WriteLine($"  {count} x {reason}");
        }

        Assert.Equal(20, s.ViewersConnected);
        Assert.Equal(0, s.ViewersFailed);
        Assert.Equal(20, s.ViewersWithVideoAndAudio);
        Assert.InRange(s.HoldSeconds, 9, 60);

        // 2.5 Mbit/s H.264 at 30 fps plus 50 Opus packets/s: each viewer gets well over 100 packets/s.
        Assert.True(s.PacketsPerSecond > 20 * 100, $"only {s.PacketsPerSecond:0} packets/s for 20 viewers");
        foreach (var viewer in report.ViewerReports)
        {
            Assert.True(viewer.VideoPackets > 300 && viewer.AudioPackets > 300, $"viewer {viewer.Index}: {viewer.VideoPackets} video, {viewer.AudioPackets} audio packets");
            Assert.True(viewer.SenderReportsReceived > 0, $"viewer {viewer.Index} got no sender report");
            Assert.True(viewer.ReceiverReportsSent > 0, $"viewer {viewer.Index} sent no receiver report");
        }

        // Loss after NACK/RTX repair: ≈ 0 on loopback (allow a whisker for a machine under load).
        Assert.True(s.LossFraction < 0.005, $"loss {s.Lost}/{s.Expected}");

        // Loose bound: a 2-core machine shared with builders stalls now and then.
        Assert.True(s.VideoLatency.Count > 1000, "no latency samples: abs-capture-time not negotiated?");
        Assert.True(s.VideoLatency.P95Ms < 500, $"video latency p95 {s.VideoLatency.P95Ms:0.0} ms");
        Assert.True(s.AudioLatency.P95Ms < 500, $"audio latency p95 {s.AudioLatency.P95Ms:0.0} ms");
    }
}
