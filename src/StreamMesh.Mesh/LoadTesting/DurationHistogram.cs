using System.Numerics;

namespace StreamMesh.Mesh.LoadTesting;

/// <summary>
/// A log-linear histogram of durations in microseconds (32 sub-buckets per power of two, so any
/// percentile is within about 3 % of the true value), fixed size and allocation-free to record into.
/// </summary>
/// <remarks>
/// One writer at a time (a viewer's receive loop). Readers on other threads may merge or query while
/// it records: they see a slightly stale but never corrupt picture, which is all a live line needs.
/// </remarks>
public sealed class DurationHistogram
{
    private const int LinearLimit = 64;
    private const int SubBuckets = 32;
    private const int MaxShift = 31;

    // Values below 64 µs get a bucket each; above, 32 buckets per octave up to 2^36 µs (~19 h).
    private const int BucketCount = LinearLimit + (MaxShift * SubBuckets);

    private readonly long[] _counts = new long[BucketCount];
    private long _count;
    private long _maxMicroseconds;
    private long _sumMicroseconds;

    /// <summary>Values recorded.</summary>
    public long Count => Volatile.Read(ref _count);

    /// <summary>The largest value recorded, exactly.</summary>
    public TimeSpan Max => TimeSpan.FromMicroseconds(Volatile.Read(ref _maxMicroseconds));

    /// <summary>The arithmetic mean, or zero when empty.</summary>
    public TimeSpan Mean
    {
        get
        {
            long count = Count;
            return count == 0 ? TimeSpan.Zero : TimeSpan.FromMicroseconds((double)Volatile.Read(ref _sumMicroseconds) / count);
        }
    }

    /// <summary>Records one value; negative values count as zero, huge ones saturate.</summary>
    public void Record(long microseconds)
    {
        if (microseconds < 0)
        {
            microseconds = 0;
        }

        _counts[IndexOf(microseconds)]++;
        _sumMicroseconds += microseconds;
        if (microseconds > _maxMicroseconds)
        {
            Volatile.Write(ref _maxMicroseconds, microseconds);
        }

        Volatile.Write(ref _count, _count + 1);
    }

    /// <summary>Forgets every value; for the writer (concurrent readers may see a partly cleared histogram once).</summary>
    public void Clear()
    {
        Array.Clear(_counts);
        _sumMicroseconds = 0;
        Volatile.Write(ref _maxMicroseconds, 0);
        Volatile.Write(ref _count, 0);
    }

    /// <summary>Records one duration.</summary>
    public void Record(TimeSpan duration) => Record(duration.Ticks / TimeSpan.TicksPerMicrosecond);

    /// <summary>Adds every value of <paramref name="other"/> to this histogram.</summary>
    public void Add(DurationHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        long added = 0;
        for (int i = 0; i < BucketCount; i++)
        {
            long n = Volatile.Read(ref other._counts[i]);
            _counts[i] += n;
            added += n;
        }

        _count += added;
        _sumMicroseconds += Volatile.Read(ref other._sumMicroseconds);
        _maxMicroseconds = Math.Max(_maxMicroseconds, Volatile.Read(ref other._maxMicroseconds));
    }

    /// <summary>
    /// The value below which <paramref name="percentile"/> % of the values fall (nearest rank), reported
    /// as the midpoint of its bucket and never above <see cref="Max"/>; zero when empty.
    /// </summary>
    public TimeSpan GetPercentile(double percentile)
    {
        if (percentile is < 0 or > 100 || double.IsNaN(percentile))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "must be 0 to 100");
        }

        long total = 0;
        for (int i = 0; i < BucketCount; i++)
        {
            total += Volatile.Read(ref _counts[i]);
        }

        if (total == 0)
        {
            return TimeSpan.Zero;
        }

        long rank = Math.Max(1, (long)Math.Ceiling(percentile / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < BucketCount; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= rank)
            {
                long value = Math.Min(Midpoint(i), Volatile.Read(ref _maxMicroseconds));
                return TimeSpan.FromMicroseconds(value);
            }
        }

        return Max;
    }

    /// <summary>p50, p95, p99 and max in one summary.</summary>
    public DistributionSummary Summarize() =>
        Count == 0 ? DistributionSummary.Empty : new(Count, GetPercentile(50).TotalMilliseconds, GetPercentile(95).TotalMilliseconds, GetPercentile(99).TotalMilliseconds, Max.TotalMilliseconds, Mean.TotalMilliseconds);

    private static int IndexOf(long microseconds)
    {
        if (microseconds < LinearLimit)
        {
            return (int)microseconds;
        }

        int shift = BitOperations.Log2((ulong)microseconds) - 5;
        if (shift > MaxShift)
        {
            return BucketCount - 1;
        }

        int top = (int)(microseconds >> shift);
        return LinearLimit + ((shift - 1) * SubBuckets) + (top - SubBuckets);
    }

    private static long LowerBound(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }

        int shift = ((index - LinearLimit) / SubBuckets) + 1;
        long top = ((index - LinearLimit) % SubBuckets) + SubBuckets;
        return top << shift;
    }

    private static long Midpoint(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }

        int shift = ((index - LinearLimit) / SubBuckets) + 1;
        return LowerBound(index) + ((1L << shift) / 2);
    }
}
