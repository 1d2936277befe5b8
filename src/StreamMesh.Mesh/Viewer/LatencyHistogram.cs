namespace StreamMesh.Mesh.Viewer;

/// <summary>
/// Glass-to-glass latency samples in 1 ms buckets up to 10 s (later samples land in the last bucket),
/// so percentiles are exact to the millisecond with a fixed footprint and no allocation per sample.
/// Not thread-safe; the caller serialises access.
/// </summary>
public sealed class LatencyHistogram
{
    public const int MaxMilliseconds = 10_000;

    private readonly long[] _buckets = new long[MaxMilliseconds + 1];

    public long Count { get; private set; }

    /// <summary>Samples below zero: the sender's clock is ahead of ours (no common clock).</summary>
    public long NegativeSamples { get; private set; }

    public TimeSpan? Last { get; private set; }

    public void Add(TimeSpan latency)
    {
        Last = latency;
        if (latency < TimeSpan.Zero)
        {
            NegativeSamples++;
            return;
        }

        var ms = (int)Math.Min(MaxMilliseconds, Math.Round(latency.TotalMilliseconds));
        _buckets[ms]++;
        Count++;
    }

    /// <summary>The nearest-rank percentile in milliseconds, or null without samples.</summary>
    /// <param name="percentile">0-100.</param>
    public int? Percentile(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (Count == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100 * Count));
        long seen = 0;
        for (var ms = 0; ms < _buckets.Length; ms++)
        {
            seen += _buckets[ms];
            if (seen >= rank)
            {
                return ms;
            }
        }

        return MaxMilliseconds;
    }
}
