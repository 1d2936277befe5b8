using System.Text.Json.Serialization;
using StreamMesh.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests.Player;

/// <summary>
/// Issue #5's second browser: Debian's Firefox ESR plays /watch/{stream} from an origin process.
/// VP8 only: Firefox decodes H.264 through the OpenH264 plugin, which it downloads at run time and
/// which is not present offline, so an H.264 stream would not decode here.
/// Frames are counted with getStats() framesDecoded and Firefox's mozPaintedFrames: Firefox leaves
/// getVideoPlaybackQuality().totalVideoFrames at 0 for a MediaStream source (the element decodes nothing
/// itself; w3c/media-playback-quality#19), so that standard counter cannot show playback here.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class FirefoxPlaybackTests(ITestOutputHelper output)
{
    // The player's own video element and PeerConnection (window.streammesh.pc), read from inside the page.
    private const string Script = """
        (async () => {
          const session = window.streammesh;
          const video = document.querySelector('video');
          const out = { error: session?.error ? String(session.error) : null, currentTime: video ? video.currentTime : -1,
            paused: video ? video.paused : true, totalVideoFrames: 0, audioPacketsReceived: 0, videoPacketsReceived: 0,
            videoCodec: null, audioCodec: null, connectionState: session?.pc ? session.pc.connectionState : 'none' };
          if (video && video.getVideoPlaybackQuality) out.totalVideoFrames = video.getVideoPlaybackQuality().totalVideoFrames;
          if (video) { out.videoWidth = video.videoWidth; out.paintedFrames = video.mozPaintedFrames ?? -1; out.presentedFrames = video.mozPresentedFrames ?? -1; }
          if (session?.pc) {
            const report = await session.pc.getStats();
            const codecs = {};
            report.forEach((s) => { if (s.type === 'codec') codecs[s.id] = s.mimeType; });
            report.forEach((s) => {
              if (s.type !== 'inbound-rtp') return;
              const kind = s.kind || s.mediaType;
              if (kind === 'audio') { out.audioPacketsReceived = s.packetsReceived || 0; out.audioCodec = codecs[s.codecId] || null; }
              if (kind === 'video') { out.videoPacketsReceived = s.packetsReceived || 0; out.framesDecoded = s.framesDecoded || 0; out.videoCodec = codecs[s.codecId] || null; }
            });
          }
          return JSON.stringify(out);
        })()
        """;

    [Fact]
    public async Task WatchPage_Vp8TestSource_FirefoxPlaysVideoAndReceivesAudio()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", "testsrc", "--stream", "demo", "--video", "vp8"], cts.Token);
        await using var firefox = await Firefox.LaunchAsync(cts.Token);

        await firefox.NavigateAsync($"{origin.HttpBase}/watch/demo", cts.Token);
        var first = await WaitAsync(firefox, r => r.CurrentTime > 0, TimeSpan.FromSeconds(20), cts.Token);
        var last = await WaitAsync(firefox, r => r.FramesDecoded >= 60 && r.PaintedFrames >= 60 && r.AudioPacketsReceived > 0 && r.CurrentTime > first.CurrentTime + 1, TimeSpan.FromSeconds(20), cts.Token);

        output.WriteLine($"Firefox {firefox.Version}: first {first}, last {last}");
        var context = $"first {first}\nlast {last}\norigin:\n{origin.Log}\nfirefox:\n{firefox.Log}";
        Assert.True(last.Error is null, $"player error: {last.Error}\n{context}");
        Assert.True(first.CurrentTime > 0, $"the video element never started playing\n{context}");
        Assert.True(last.CurrentTime > first.CurrentTime, $"currentTime did not advance\n{context}");
        Assert.False(last.Paused, $"the video element is paused\n{context}");
        Assert.True(last.FramesDecoded >= 60, $"only {last.FramesDecoded} video frames decoded\n{context}");
        Assert.True(last.PaintedFrames >= 60, $"only {last.PaintedFrames} video frames painted\n{context}");
        Assert.Equal(1280, last.VideoWidth);
        Assert.True(last.AudioPacketsReceived > 0, $"no audio packets received\n{context}");
        Assert.Equal("video/VP8", last.VideoCodec, StringComparer.OrdinalIgnoreCase);
        Assert.Equal("audio/opus", last.AudioCodec, StringComparer.OrdinalIgnoreCase);

        // Firefox offers (a=setup:actpass); the origin answers as full ICE and DTLS client, as with Chromium.
        var answer = await firefox.EvaluateJsonAsync<string>("JSON.stringify(window.streammesh.pc.remoteDescription.sdp)", cts.Token);
        var offer = await firefox.EvaluateJsonAsync<string>("JSON.stringify(window.streammesh.pc.localDescription.sdp)", cts.Token);
        var overlay = await firefox.EvaluateJsonAsync<System.Text.Json.JsonElement>(
            "(async () => { let playout = null; (await window.streammesh.pc.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') playout = s.estimatedPlayoutTimestamp ?? null; }); " +
            "return JSON.stringify({ overlay: window.streammesh.overlay, estimatedPlayoutTimestamp: playout, headerExtensionsApi: typeof RTCRtpTransceiver.prototype.setHeaderExtensionsToNegotiate }); })()", cts.Token);
        output.WriteLine($"overlay: {overlay}\noffer:\n{offer}\nanswer:\n{answer}");
        Assert.Contains("a=setup:active", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("a=ice-lite", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchPage_H264OriginWithoutOpenH264_FirefoxShowsNoCommonCodec()
    {
        // Firefox without OpenH264 offers VP8/VP9/AV1 in its transport-carrying video section and audio as
        // bundle-only: the origin must refuse the offer (RFC 9143 §7.3.1), not answer with no transport.
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", "testsrc", "--stream", "demo", "--video", "h264"], cts.Token);
        await using var firefox = await Firefox.LaunchAsync(cts.Token);

        await firefox.NavigateAsync($"{origin.HttpBase}/watch/demo", cts.Token);
        var reading = await WaitAsync(firefox, r => r.Error is not null, TimeSpan.FromSeconds(20), cts.Token);

        output.WriteLine($"Firefox {firefox.Version}: {reading}");
        Assert.True(reading.Error is not null, $"no player error: {reading}\n{origin.Log}");
        Assert.Contains("no common codec", reading.Error, StringComparison.Ordinal);
        Assert.Equal(0, reading.VideoPacketsReceived);
    }

    private static async Task<Reading> WaitAsync(Firefox firefox, Func<Reading, bool> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = new Reading();
        while (DateTime.UtcNow < deadline)
        {
            last = await firefox.EvaluateJsonAsync<Reading>(Script, cancellationToken);
            if (last.Error is not null || done(last))
            {
                return last;
            }

            await Task.Delay(250, cancellationToken);
        }

        return last;
    }

    private sealed record Reading
    {
        [JsonPropertyName("error")] public string? Error { get; init; }

        [JsonPropertyName("currentTime")] public double CurrentTime { get; init; }

        [JsonPropertyName("paused")] public bool Paused { get; init; }

        [JsonPropertyName("totalVideoFrames")] public long TotalVideoFrames { get; init; }

        [JsonPropertyName("audioPacketsReceived")] public long AudioPacketsReceived { get; init; }

        [JsonPropertyName("videoPacketsReceived")] public long VideoPacketsReceived { get; init; }

        [JsonPropertyName("framesDecoded")] public long FramesDecoded { get; init; }

        [JsonPropertyName("videoWidth")] public long VideoWidth { get; init; }

        [JsonPropertyName("paintedFrames")] public long PaintedFrames { get; init; }

        [JsonPropertyName("presentedFrames")] public long PresentedFrames { get; init; }

        [JsonPropertyName("videoCodec")] public string? VideoCodec { get; init; }

        [JsonPropertyName("audioCodec")] public string? AudioCodec { get; init; }

        [JsonPropertyName("connectionState")] public string? ConnectionState { get; init; }
    }
}
