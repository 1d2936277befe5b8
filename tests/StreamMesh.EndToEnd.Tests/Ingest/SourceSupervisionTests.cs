using System.Diagnostics;
using StreamMesh.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests.Ingest;

/// <summary>
/// The source drops for ten seconds while a Chromium viewer watches: the viewer must stay connected and see
/// the slate, and the source must come back keyframe first. The source is passed through at 640 px while the
/// slate is encoded at the configured 1280 px, so the browser's own frameWidth tells which one it decodes.
/// The source's return is the moment its RTMP server listens again (read from the kernel's socket table, so the
/// publisher's own process start is not counted); playback must resume within 2 s of it.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class SourceSupervisionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RtmpPull_PublisherStopsForTenSeconds_ViewerStaysConnectedSeesSlateThenSourceResumes()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var port = NodeProcess.FreeTcpPort();
        var url = $"rtmp://127.0.0.1:{port}/live/key";
        var publisher = ExternalFfmpeg.Publish("flv", url, "-listen", "1");
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", url, "--stream", "sup", "--passthrough", "always"], cts.Token);
        Assert.True(await IngestProbe.WaitForStateAsync(origin.HttpBase, "sup", "live", TimeSpan.FromSeconds(15), cts.Token), $"never live\n{origin.Log}\n{publisher.Log}");
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync($"{origin.HttpBase}/watch/sup");
        var before = await BrowserStats.WaitAsync(page, s => s.FramesDecoded >= 30 && s.FrameWidth == 640 && s.AudioSamplesReceived > 0, TimeSpan.FromSeconds(15));
        Assert.True(before.FramesDecoded >= 30 && before.FrameWidth == 640, $"source not playing: {before}\n{origin.Log}");

        // The source goes away for ten seconds.
        await publisher.DisposeAsync();
        var outage = Stopwatch.StartNew();
        var sawSlate = false;
        var framesAtSlate = 0L;
        BrowserStats during = before;
        while (outage.Elapsed < TimeSpan.FromSeconds(10))
        {
            during = await BrowserStats.ReadAsync(page);
            Assert.True(during.ConnectionState == "connected", $"viewer lost its connection during the outage: {during}\n{origin.Log}");
            if (during.FrameWidth == 1280 && !sawSlate)
            {
                sawSlate = true;
                framesAtSlate = during.FramesDecoded;
                output.WriteLine($"slate decoded {outage.Elapsed.TotalSeconds:0.0} s after the source stopped");
            }

            await Task.Delay(250, cts.Token);
        }

        Assert.True(sawSlate, $"the viewer never decoded the slate: {during}\n{origin.Log}");
        Assert.True(during.FramesDecoded > framesAtSlate, $"the slate did not keep playing: {during}");
        Assert.True(await IngestProbe.IsInStateAsync(origin.HttpBase, "sup", "slate"), await IngestProbe.MetricsAsync(origin.HttpBase));

        // The source returns; playback of the source must follow, keyframe first (a decodable 640 px picture).
        var restart = Stopwatch.StartNew();
        await using var returned = ExternalFfmpeg.Publish("flv", url, "-listen", "1");
        Assert.True(await TcpListenProbe.WaitListeningAsync(port, TimeSpan.FromSeconds(15), cts.Token), $"the publisher never listened again: {returned.Log}");
        var back = Stopwatch.StartNew();
        var publisherStart = restart.Elapsed;
        var after = during;
        while (back.Elapsed < TimeSpan.FromSeconds(15) && after.FrameWidth != 640)
        {
            after = await BrowserStats.ReadAsync(page);
            await Task.Delay(20, cts.Token);
        }

        var resumedAfter = back.Elapsed;
        var framesAtResume = after.FramesDecoded;
        var later = await BrowserStats.WaitAsync(page, s => s.FramesDecoded >= framesAtResume + 30, TimeSpan.FromSeconds(10));
        var metrics = await IngestProbe.MetricsAsync(origin.HttpBase);
        output.WriteLine($"publisher listening {publisherStart.TotalSeconds:0.00} s after its start; source playback resumed {resumedAfter.TotalSeconds:0.00} s after that; {later}");

        Assert.Equal(640, after.FrameWidth);
        Assert.True(later.FramesDecoded >= framesAtResume + 30, $"playback did not continue: {later}\n{origin.Log}");
        Assert.Equal("connected", later.ConnectionState);
        Assert.Equal(1, IngestProbe.Sample(metrics, "streammesh_ingest_source_state{stream=\"sup\",state=\"live\"}"));
        Assert.Equal(1, IngestProbe.Sample(metrics, "streammesh_ingest_source_restarts_total{stream=\"sup\"}"));

        // The product's target: within 2 s of the source's return, the viewer decodes the source again (this
        // includes the origin's retry interval, ffmpeg's connect and analysis, the slate's switch-off and the
        // browser decoding the keyframe; about 1 s measured on an idle machine, see docs/ingest.md).
        Assert.True(resumedAfter < TimeSpan.FromSeconds(2), $"resumed only after {resumedAfter}\n{origin.Log}");
    }
}
