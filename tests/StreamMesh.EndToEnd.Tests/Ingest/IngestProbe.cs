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
}
