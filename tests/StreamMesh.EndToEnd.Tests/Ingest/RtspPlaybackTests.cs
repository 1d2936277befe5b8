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

        var stats = await IngestProbe.AssertPlaysLiveAsync(origin, stream, TimeSpan.FromSeconds(20), camera.Log, output.WriteLine, cts.Token);

        Assert.Equal(640, stats.FrameWidth);
        Assert.Equal(1, IngestProbe.Sample(await IngestProbe.MetricsAsync(origin.HttpBase), $"streammesh_ingest_passthrough{{stream=\"{stream}\"}}"));
    }
}
