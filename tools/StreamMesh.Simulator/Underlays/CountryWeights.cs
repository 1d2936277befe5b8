using System.Globalization;

namespace StreamMesh.Simulator.Underlays;

/// <summary>Placement weights per country ("cc,weight" CSV, "#" comments, optional header).</summary>
public static class CountryWeights
{
    /// <summary>Reads the table; throws <see cref="InvalidDataException"/> naming the bad line.</summary>
    public static IReadOnlyList<(string Code, double Weight)> Load(string path)
    {
        var result = new List<(string, double)>();
        int lineNumber = 0;
        foreach (string raw in File.ReadLines(path))
        {
            lineNumber++;
            string line = raw.Split('#')[0].Trim();
            if (line.Length == 0 || line.StartsWith("cc,", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            string[] f = line.Split(',');
            if (f.Length != 2 || f[0].Trim().Length != 2 || !double.TryParse(f[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double w) || !(w > 0))
            {
                throw new InvalidDataException($"{path} line {lineNumber}: expected CC,positive-weight");
            }

            result.Add((f[0].Trim().ToUpperInvariant(), w));
        }

        return result;
    }
}
