using System.Globalization;
using StreamMesh.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests.Ingest;

/// <summary>
/// Every network source kind against a real local server or encoder from Debian's ffmpeg, with the origin as
/// a separate process and Chromium playing from it. Each test first waits until the origin reports the source
/// live (not the slate), then asserts frames decoded and audio received, then that the source stayed live.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class SourcePlaybackTests(ITestOutputHelper output)
{
    private static readonly string[] SmallOutput = ["--width", "640", "--height", "360", "--bitrate", "800"];

    [Fact]
    public async Task RtmpPull_FfmpegRtmpListenerPublishing_BrowserPlaysTheSource()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var url = $"rtmp://127.0.0.1:{NodeProcess.FreeTcpPort()}/live/key";
        await using var server = ExternalFfmpeg.Publish("flv", url, "-listen", "1");
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", url, "--stream", "rtmp", .. SmallOutput], cts.Token);

        await AssertPlaysLiveAsync(origin, "rtmp", server, cts.Token);
    }

    [Fact]
    public async Task RtmpListen_EncoderPushesToOrigin_BrowserPlaysTheSource()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var port = NodeProcess.FreeTcpPort();
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", $"rtmp://127.0.0.1:{port}/live/key?listen=1", "--stream", "push", .. SmallOutput], cts.Token);
        await using var encoder = await StartPusherAsync(() => ExternalFfmpeg.Publish("flv", $"rtmp://127.0.0.1:{port}/live/key"), cts.Token);

        await AssertPlaysLiveAsync(origin, "push", encoder, cts.Token);
    }

    [Fact]
    public async Task SrtCaller_FfmpegSrtListenerPublishing_BrowserPlaysTheSource()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var port = NodeProcess.FreeUdpPort();
        await using var server = ExternalFfmpeg.Publish("mpegts", $"srt://127.0.0.1:{port}?mode=listener");
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", $"srt://127.0.0.1:{port}", "--stream", "srt", .. SmallOutput], cts.Token);

        await AssertPlaysLiveAsync(origin, "srt", server, cts.Token);
    }

    [Fact]
    public async Task SrtListener_EncoderCallsOrigin_BrowserPlaysTheSource()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var port = NodeProcess.FreeUdpPort();
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", $"srt://127.0.0.1:{port}?mode=listener", "--stream", "srtin", .. SmallOutput], cts.Token);
        await using var encoder = await StartPusherAsync(() => ExternalFfmpeg.Publish("mpegts", $"srt://127.0.0.1:{port}"), cts.Token);

        await AssertPlaysLiveAsync(origin, "srtin", encoder, cts.Token);
    }

    [Fact]
    public async Task HlsOverHttp_LivePlaylistWrittenByFfmpeg_PassedThroughAndBrowserPlays()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var folder = Directory.CreateTempSubdirectory("streammesh-hls-").FullName;
        await using var writer = ExternalFfmpeg.Publish(
            "hls", Path.Combine(folder, "live.m3u8"), "-hls_time", "1", "-hls_list_size", "6", "-hls_flags", "delete_segments+independent_segments");
        await using var http = new StaticFileServer(folder);
        await WaitForSegmentsAsync(Path.Combine(folder, "live.m3u8"), 3, writer, cts.Token);
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", http.BaseUrl + "live.m3u8", "--stream", "hls"], cts.Token);

        var stats = await AssertPlaysLiveAsync(origin, "hls", writer, cts.Token);

        // Browser-decodable H.264 is copied: the viewer gets the source's 640 px, not the configured 1280.
        Assert.Equal(1, IngestProbe.Sample(await IngestProbe.MetricsAsync(origin.HttpBase), "streammesh_ingest_passthrough{stream=\"hls\"}"));
        Assert.Equal(640, stats.FrameWidth);
        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData("mp4", "-movflags", "+faststart")]
    [InlineData("mpegts", "-mpegts_flags", "resend_headers")]
    public async Task FileOverHttp_BrowserDecodableH264_PassedThroughLoopedAndBrowserPlays(string format, string option, string value)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var folder = Directory.CreateTempSubdirectory("streammesh-http-").FullName;
        var name = format == "mp4" ? "clip.mp4" : "clip.ts";
        await using (var make = ExternalFfmpeg.Start(["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-t", "3", .. ExternalFfmpeg.LiveEncoding, option, value, "-f", format, Path.Combine(folder, name)]))
        {
            await make.WaitForExitAsync(cts.Token);
        }

        await using var http = new StaticFileServer(folder);
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", http.BaseUrl + name, "--stream", "file"], cts.Token);

        var stats = await AssertPlaysLiveAsync(origin, "file", null, cts.Token);

        Assert.Equal(1, IngestProbe.Sample(await IngestProbe.MetricsAsync(origin.HttpBase), "streammesh_ingest_passthrough{stream=\"file\"}"));
        Assert.Equal(640, stats.FrameWidth);
        Directory.Delete(folder, recursive: true);
    }

    private Task<BrowserStats> AssertPlaysLiveAsync(NodeProcess origin, string stream, ExternalFfmpeg? peer, CancellationToken cancellationToken) =>
        IngestProbe.AssertPlaysLiveAsync(origin, stream, TimeSpan.FromSeconds(15), peer?.Log, output.WriteLine, cancellationToken);

    // The origin's listener comes up with its ffmpeg, a moment after the node reports healthy: retry the push
    // until an encoder stays connected.
    private static async Task<ExternalFfmpeg> StartPusherAsync(Func<ExternalFfmpeg> start, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var encoder = start();
            await Task.Delay(1500, cancellationToken);
            if (!encoder.HasExited || attempt == 10)
            {
                return encoder;
            }

            await encoder.DisposeAsync();
        }
    }

    private static async Task WaitForSegmentsAsync(string playlist, int segments, ExternalFfmpeg writer, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (File.Exists(playlist))
            {
                var text = await File.ReadAllTextAsync(playlist, cancellationToken);
                if (text.Split('\n').Count(line => line.EndsWith(".ts", StringComparison.Ordinal)) >= segments)
                {
                    return;
                }
            }

            Assert.False(writer.HasExited, $"HLS writer exited: {writer.Log}");
            await Task.Delay(200, cancellationToken);
        }
    }
}
