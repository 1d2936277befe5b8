namespace StreamMesh.Simulator.Metrics;

/// <summary>Mean and percentiles of a sample (nearest-rank percentiles).</summary>
public sealed record Summary(int Count, double Mean, double P50, double P90, double P99, double Max)
{
    /// <summary>Summary of no values.</summary>
    public static Summary Empty { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>Summarises <paramref name="values"/> (sorted in place). Infinite values count towards percentiles and max.</summary>
    public static Summary Of(List<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return Empty;
        }

        values.Sort();
        double finiteSum = 0;
        int finite = 0;
        foreach (double v in values)
        {
            if (double.IsFinite(v))
            {
                finiteSum += v;
                finite++;
            }
        }

        return new Summary(values.Count, finite == 0 ? double.PositiveInfinity : finiteSum / finite, Percentile(values, 0.50), Percentile(values, 0.90), Percentile(values, 0.99), values[^1]);
    }

    /// <summary>Nearest-rank percentile of a sorted list.</summary>
    public static double Percentile(List<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return 0;
        }

        int rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
