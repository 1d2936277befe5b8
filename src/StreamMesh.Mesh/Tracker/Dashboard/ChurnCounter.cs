namespace StreamMesh.Mesh.Tracker.Dashboard;

/// <summary>
/// Joins and leaves over the last minute, in one-second buckets on the injected clock (a sliding window without
/// keeping one entry per event). Thread-safe.
/// </summary>
public sealed class ChurnCounter
{
    private const int Buckets = 60;

    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly long[] _second = new long[Buckets];
    private readonly int[] _joins = new int[Buckets];
    private readonly int[] _leaves = new int[Buckets];

    /// <summary>Creates an empty counter.</summary>
    public ChurnCounter(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
        Array.Fill(_second, long.MinValue);
    }

    /// <summary>Counts <paramref name="count"/> peers joining now.</summary>
    public void RecordJoin(int count = 1) => Record(_joins, count);

    /// <summary>Counts <paramref name="count"/> peers leaving now (gracefully, expired or removed as dead).</summary>
    public void RecordLeave(int count = 1) => Record(_leaves, count);

    /// <summary>Joins in the last 60 seconds.</summary>
    public int JoinsPerMinute => Sum(_joins);

    /// <summary>Leaves in the last 60 seconds.</summary>
    public int LeavesPerMinute => Sum(_leaves);

    private long NowSecond => _time.GetUtcNow().ToUnixTimeSeconds();

    private void Record(int[] counts, int count)
    {
        if (count <= 0)
        {
            return;
        }

        long second = NowSecond;
        int slot = (int)(((second % Buckets) + Buckets) % Buckets);
        lock (_lock)
        {
            if (_second[slot] != second)
            {
                _second[slot] = second;
                _joins[slot] = 0;
                _leaves[slot] = 0;
            }

            counts[slot] += count;
        }
    }

    private int Sum(int[] counts)
    {
        long now = NowSecond;
        int total = 0;
        lock (_lock)
        {
            for (int i = 0; i < Buckets; i++)
            {
                if (now - _second[i] is >= 0 and < Buckets)
                {
                    total += counts[i];
                }
            }
        }

        return total;
    }
}
