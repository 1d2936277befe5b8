using System.Globalization;
using StreamMesh.EndToEnd.Tests.Infrastructure;

namespace StreamMesh.EndToEnd.Tests.Ingest;

/// <summary>Reads an origin's <c>/metrics/ingest</c> and plays a stream in Chromium, for the ingest tests.</summary>
public static class IngestProbe
{
    public static async Task<string> MetricsAsync(string httpBase)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await http.GetStringAsync(new Uri(httpBase + "/metrics/ingest")).ConfigureAwait(false);
    }

    /// <summary>The value of one sample (exact name with labels), or null when absent.</summary>
    public static double? Sample(string metrics, string sample)
    {
        foreach (var line in metrics.Split('\n'))
        {
            if (line.StartsWith(sample + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(sample.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    public static async Task<bool> IsInStateAsync(string httpBase, string stream, string state)
        => Sample(await MetricsAsync(httpBase).ConfigureAwait(false), $"streammesh_ingest_source_state{{stream=\"{stream}\",state=\"{state}\"}}") == 1;

    /// <summary>Polls until the stream is in <paramref name="state"/>; false on timeout.</summary>
    public static async Task<bool> WaitForStateAsync(string httpBase, string stream, string state, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await IsInStateAsync(httpBase, stream, state).ConfigureAwait(false))
            {
                return true;
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>Opens the player page in a fresh Chromium and waits for 30 decoded frames and some audio.</summary>
    public static async Task<BrowserStats> PlayAsync(string httpBase, string stream)
    {
        await using var chromium = await Chromium.LaunchAsync().ConfigureAwait(false);
        var page = await chromium.NewPageAsync().ConfigureAwait(false);
        await page.GotoAsync($"{httpBase}/watch/{stream}").ConfigureAwait(false);
        return await BrowserStats.WaitAsync(page, s => s.FramesDecoded >= 30 && s.AudioSamplesReceived > 0, TimeSpan.FromSeconds(15)).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits (up to <paramref name="liveWithin"/>) for the origin's <paramref name="stream"/> to go live, plays it in
    /// Chromium and asserts video and audio arrived while the source (never the slate) was live and nothing failed.
    /// <paramref name="sourceLog"/> is the source process's output, for the failure message.
    /// </summary>
    public static async Task<BrowserStats> AssertPlaysLiveAsync(NodeProcess origin, string stream, TimeSpan liveWithin, string? sourceLog, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(log);
        var live = await WaitForStateAsync(origin.HttpBase, stream, "live", liveWithin, cancellationToken).ConfigureAwait(false);
        Assert.True(live, $"source never went live:\n{await MetricsAsync(origin.HttpBase).ConfigureAwait(false)}\n{origin.Log}\n{sourceLog}");
        var stats = await PlayAsync(origin.HttpBase, stream).ConfigureAwait(false);
        var metrics = await MetricsAsync(origin.HttpBase).ConfigureAwait(false);
        log($"{stream}: {stats}");
        Assert.True(stats.Error is null, $"player error: {stats.Error}\n{origin.Log}");
        Assert.True(stats.FramesDecoded >= 30, $"only {stats.FramesDecoded} frames decoded: {stats}\n{origin.Log}");
        Assert.True(stats.AudioSamplesReceived > 0, $"no audio: {stats}");

        // Still the source, never the slate, while the browser played.
        Assert.Equal(1, Sample(metrics, $"streammesh_ingest_source_state{{stream=\"{stream}\",state=\"live\"}}"));
        Assert.Equal(0, Sample(metrics, $"streammesh_ingest_source_failures_total{{stream=\"{stream}\"}}"));
        return stats;
    }
}
