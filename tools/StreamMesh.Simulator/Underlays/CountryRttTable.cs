using System.Globalization;
using System.IO.Compression;

namespace StreamMesh.Simulator.Underlays;

/// <summary>
/// Country-to-country RTTs from the RIPE Atlas aggregation (data/country_rtt_stat.csv.gz) for a chosen set of countries.
/// Pairs measured fewer than <see cref="MinSamples"/> times, or not at all, are replaced by the best one-hop detour
/// through a well-measured third country (an upper bound a real route would not exceed by much).
/// </summary>
public sealed class CountryRttTable
{
    /// <summary>Pairs with fewer pings than this are treated as unreliable.</summary>
    public const long MinSamples = 20;

    private readonly double[] _avg;

    private CountryRttTable(string[] codes, double[] avg, double[] intra, double globalIntra, int filled)
    {
        Codes = codes;
        _avg = avg;
        IntraAverage = intra;
        GlobalIntraAverage = globalIntra;
        FilledPairs = filled;
    }

    /// <summary>ISO 3166 alpha-2 codes, index = zone.</summary>
    public IReadOnlyList<string> Codes { get; }

    /// <summary>Mean same-country RTT per zone, ms (the global figure where a country has no row).</summary>
    public IReadOnlyList<double> IntraAverage { get; }

    /// <summary>Mean RTT of all same-country pings (intra_rtt_stat.csv.gz), ms.</summary>
    public double GlobalIntraAverage { get; }

    /// <summary>How many country pairs were filled by a detour estimate.</summary>
    public int FilledPairs { get; }

    /// <summary>Average RTT between two zones, ms.</summary>
    public double Average(int a, int b) => _avg[(a * Codes.Count) + b];

    /// <summary>Loads the table for <paramref name="codes"/> from the data directory.</summary>
    public static CountryRttTable Load(string dataDirectory, IReadOnlyList<string> codes)
    {
        int n = codes.Count;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            index[codes[i]] = i;
        }

        var avg = new double[n * n];
        var count = new long[n * n];
        var intra = new double[n];
        Array.Fill(avg, double.NaN);
        Array.Fill(intra, double.NaN);
        foreach (string[] row in ReadGzipCsv(Path.Combine(dataDirectory, "country_rtt_stat.csv.gz")))
        {
            if (row.Length < 5 || !index.TryGetValue(row[0], out int a) || !index.TryGetValue(row[1], out int b))
            {
                continue;
            }

            long samples = long.Parse(row[2], CultureInfo.InvariantCulture);
            double mean = double.Parse(row[3], CultureInfo.InvariantCulture);
            if (a == b)
            {
                intra[a] = mean;
                continue;
            }

            avg[(a * n) + b] = avg[(b * n) + a] = mean;
            count[(a * n) + b] = count[(b * n) + a] = samples;
        }

        string[] global = ReadGzipCsv(Path.Combine(dataDirectory, "intra_rtt_stat.csv.gz")).First();
        double globalIntra = double.Parse(global[1], CultureInfo.InvariantCulture);
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(intra[i]))
            {
                intra[i] = globalIntra;
            }
        }

        // One-hop detours through well-measured pairs for missing or thinly measured ones.
        int filled = 0;
        var result = (double[])avg.Clone();
        for (int a = 0; a < n; a++)
        {
            for (int b = a + 1; b < n; b++)
            {
                if (count[(a * n) + b] >= MinSamples)
                {
                    continue;
                }

                double best = double.PositiveInfinity;
                for (int k = 0; k < n; k++)
                {
                    if (k != a && k != b && count[(a * n) + k] >= MinSamples && count[(k * n) + b] >= MinSamples)
                    {
                        best = Math.Min(best, avg[(a * n) + k] + avg[(k * n) + b]);
                    }
                }

                if (double.IsFinite(best))
                {
                    result[(a * n) + b] = result[(b * n) + a] = best;
                    filled++;
                }
                else if (double.IsNaN(result[(a * n) + b]))
                {
                    throw new InvalidDataException($"no RTT data connects {codes[a]} and {codes[b]}");
                }
            }
        }

        return new CountryRttTable([.. codes], result, intra, globalIntra, filled);
    }

    private static IEnumerable<string[]> ReadGzipCsv(string path)
    {
        using FileStream file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        _ = reader.ReadLine();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length > 0)
            {
                yield return line.Split(',');
            }
        }
    }
}
