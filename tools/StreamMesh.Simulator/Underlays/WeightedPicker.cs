namespace StreamMesh.Simulator.Underlays;

/// <summary>Draws indices in proportion to weights (cumulative table + binary search).</summary>
public sealed class WeightedPicker
{
    private readonly double[] _cumulative;

    /// <summary>Builds the table.</summary>
    public WeightedPicker(IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        _cumulative = new double[weights.Count];
        double sum = 0;
        for (int i = 0; i < weights.Count; i++)
        {
            sum += weights[i];
            _cumulative[i] = sum;
        }
    }

    /// <summary>An index drawn with probability weight / total.</summary>
    public int Next(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double x = random.NextDouble() * _cumulative[^1];
        int i = Array.BinarySearch(_cumulative, x);
        return Math.Min(i < 0 ? ~i : i, _cumulative.Length - 1);
    }
}
