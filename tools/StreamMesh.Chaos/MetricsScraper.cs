using System.Globalization;

namespace StreamMesh.Chaos;

/// <summary>Reads samples from a node's Prometheus text at /metrics.</summary>
public static class MetricsScraper
{
    /// <summary>Sum of every sample of <paramref name="family"/> (with or without labels); 0 when absent.</summary>
    public static async Task<double> SumAsync(HttpClient http, string httpBase, string family, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var text = await http.GetStringAsync(new Uri(httpBase + "/metrics"), cancellationToken).ConfigureAwait(false);
        return Sum(text, family);
    }

    public static double Sum(string text, string family)
    {
        ArgumentNullException.ThrowIfNull(text);
        double sum = 0;
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(family, StringComparison.Ordinal) || line.Length <= family.Length || line[family.Length] is not (' ' or '{'))
            {
                continue;
            }

            int space = line.LastIndexOf(' ');
            if (double.TryParse(line.AsSpan(space + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                sum += value;
            }
        }

        return sum;
    }
}
