using StreamMesh.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests.Ingest;

/// <summary>
/// An IP camera's RTSP: the origin pulls from a local GStreamer RTSP server over interleaved TCP and over RTP/UDP,
/// and Chromium plays the stream from the origin. The camera's constrained-baseline H.264 is passed through
/// (the browser sees the camera's 640 px, not the configured 1280).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RtspPlaybackTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task RtspPull_GstreamerRtspServer_PassedThroughAndBrowserPlays(string transport)
    {
        Assert.True(GstRtspServer.IsAvailable(), "install gir1.2-gst-rtsp-server-1.0 python3-gst-1.0 gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly (tools/test.sh)");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var camera = await GstRtspServer.StartAsync(NodeProcess.FreeTcpPort(), 640, 360, cts.Token);
        var stream = "rtsp" + transport;
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", camera.Url, "--stream", stream, "--rtsp-transport", transport], cts.Token);

        var live = await IngestProbe.WaitForStateAsync(origin.HttpBase, stream, "live", TimeSpan.FromSeconds(20), cts.Token);
        Assert.True(live, $"source never went live:\n{await IngestProbe.MetricsAsync(origin.HttpBase)}\n{origin.Log}\n{camera.Log}");
        var stats = await IngestProbe.PlayAsync(origin.HttpBase, stream);
        var metrics = await IngestProbe.MetricsAsync(origin.HttpBase);
        output.WriteLine($"{stream}: {stats}");

        Assert.True(stats.Error is null, $"player error: {stats.Error}\n{origin.Log}");
        Assert.True(stats.FramesDecoded >= 30, $"only {stats.FramesDecoded} frames decoded: {stats}\n{origin.Log}");
        Assert.True(stats.AudioSamplesReceived > 0, $"no audio: {stats}");
        Assert.Equal(640, stats.FrameWidth);
        Assert.Equal(1, IngestProbe.Sample(metrics, $"streammesh_ingest_passthrough{{stream=\"{stream}\"}}"));
        Assert.Equal(1, IngestProbe.Sample(metrics, $"streammesh_ingest_source_state{{stream=\"{stream}\",state=\"live\"}}"));
        Assert.Equal(0, IngestProbe.Sample(metrics, $"streammesh_ingest_source_failures_total{{stream=\"{stream}\"}}"));
    }
}
