using System.Text.Json.Serialization;
using Microsoft.Playwright;

namespace StreamMesh.EndToEnd.Tests.Infrastructure;

/// <summary>The fields of Chromium's <c>getStats()</c> inbound-rtp reports the tests assert on.</summary>
public sealed record BrowserStats
{
    [JsonPropertyName("framesDecoded")] public long FramesDecoded { get; init; }

    [JsonPropertyName("framesDropped")] public long FramesDropped { get; init; }

    [JsonPropertyName("freezeCount")] public long FreezeCount { get; init; }

    [JsonPropertyName("videoPacketsLost")] public long VideoPacketsLost { get; init; }

    [JsonPropertyName("videoPacketsReceived")] public long VideoPacketsReceived { get; init; }

    [JsonPropertyName("nackCount")] public long NackCount { get; init; }

    [JsonPropertyName("pliCount")] public long PliCount { get; init; }

    [JsonPropertyName("audioSamplesReceived")] public long AudioSamplesReceived { get; init; }

    [JsonPropertyName("audioPacketsReceived")] public long AudioPacketsReceived { get; init; }

    [JsonPropertyName("concealedSamples")] public long ConcealedSamples { get; init; }

    [JsonPropertyName("videoCodec")] public string? VideoCodec { get; init; }

    [JsonPropertyName("audioCodec")] public string? AudioCodec { get; init; }

    [JsonPropertyName("frameWidth")] public long FrameWidth { get; init; }

    [JsonPropertyName("connectionState")] public string? ConnectionState { get; init; }

    [JsonPropertyName("error")] public string? Error { get; init; }

    private const string Script = """
        async () => {
          const session = window.streammesh;
          if (!session) return { error: 'player not started' };
          if (session.error) return { error: session.error };
          if (!session.pc) return { connectionState: 'none' };
          const report = await session.pc.getStats();
          const out = { connectionState: session.pc.connectionState };
          const codecs = {};
          report.forEach((s) => { if (s.type === 'codec') codecs[s.id] = s.mimeType; });
          report.forEach((s) => {
            if (s.type !== 'inbound-rtp') return;
            if (s.kind === 'video') {
              Object.assign(out, {
                framesDecoded: s.framesDecoded || 0, framesDropped: s.framesDropped || 0, freezeCount: s.freezeCount || 0,
                videoPacketsLost: s.packetsLost || 0, videoPacketsReceived: s.packetsReceived || 0,
                nackCount: s.nackCount || 0, pliCount: s.pliCount || 0, frameWidth: s.frameWidth || 0,
                videoCodec: codecs[s.codecId] || null });
            } else if (s.kind === 'audio') {
              Object.assign(out, {
                audioSamplesReceived: s.totalSamplesReceived || 0, audioPacketsReceived: s.packetsReceived || 0,
                concealedSamples: s.concealedSamples || 0, audioCodec: codecs[s.codecId] || null });
            }
          });
          return out;
        }
        """;

    public static Task<BrowserStats> ReadAsync(IPage page) => page.EvaluateAsync<BrowserStats>(Script);

    /// <summary>Polls the page until <paramref name="done"/> holds or the timeout passes; returns the last reading.</summary>
    public static async Task<BrowserStats> WaitAsync(IPage page, Func<BrowserStats, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        BrowserStats last = new();
        while (DateTime.UtcNow < deadline)
        {
            last = await ReadAsync(page).ConfigureAwait(false);
            if (last.Error is not null || done(last))
            {
                return last;
            }

            await Task.Delay(250).ConfigureAwait(false);
        }

        return last;
    }
}
