using StreamMesh.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests;

/// <summary>
/// The keystone's promise: an origin as a separate process, Debian's Chromium as the viewer, real
/// ffmpeg, real sockets. Asserted from the browser's own getStats().
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PlayerPlaybackTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("h264", "video/H264")]
    [InlineData("vp8", "video/VP8")]
    public async Task WatchPage_TestSource_BrowserDecodesVideoAndReceivesAudio(string codec, string expectedMime)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", "testsrc", "--stream", "demo", "--video", codec], cts.Token);
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();

        await page.GotoAsync($"{origin.HttpBase}/watch/demo");
        var stats = await BrowserStats.WaitAsync(page, s => s.FramesDecoded >= 60 && s.AudioSamplesReceived > 0, TimeSpan.FromSeconds(15));

        output.WriteLine($"{codec}: {stats}");
        Assert.True(stats.Error is null, $"player error: {stats.Error}\n{origin.Log}");
        Assert.True(stats.FramesDecoded >= 60, $"only {stats.FramesDecoded} frames decoded in 15 s: {stats}\n{origin.Log}");
        Assert.True(stats.AudioSamplesReceived > 0, $"no audio samples: {stats}");
        Assert.Equal(expectedMime, stats.VideoCodec);
        Assert.Equal("audio/opus", stats.AudioCodec);

        // The origin answered the browser's offer: ICE controlled (full ICE, not lite) and DTLS client (setup:active).
        var answer = await page.EvaluateAsync<string>("() => window.streammesh.pc.remoteDescription.sdp");
        Assert.Contains("a=setup:active", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("a=ice-lite", answer, StringComparison.Ordinal);
    }
}
