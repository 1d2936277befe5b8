using System.Globalization;

namespace StreamMesh.EndToEnd.Tests.Infrastructure;

/// <summary>Reads one sample from a node's Prometheus <c>/metrics</c>.</summary>
public static class NodeMetricsReader
{
    public static async Task<double> ReadAsync(string httpBase, string sample)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri(httpBase + "/metrics")).ConfigureAwait(false);
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(sample + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(sample.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"metric {sample} not found in:\n{text}");
    }
}
