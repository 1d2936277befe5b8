namespace StreamMesh.Mesh.Viewer;

/// <summary>
/// Test hook that discards received audio packets with a seeded pseudo-random pattern, so a lossy run
/// is repeatable and its truth is known. Only drops a receiver can notice are counted as detectable:
/// nothing before the first kept packet (there is no reference yet) and nothing after the last one.
/// </summary>
public sealed class AudioLossInjector
{
    private readonly double _rate;
    private readonly Random _random;
    private bool _keptAny;
    private long _pendingDrops;

    public AudioLossInjector(double rate, int seed)
    {
        if (!(rate is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "the loss rate must be within 0-1");
        }

        _rate = rate;
        _random = new Random(seed);
    }

    /// <summary>Dropped packets followed by a kept one: each must show up as a missing packet.</summary>
    public long DetectableDrops { get; private set; }

    /// <summary>Runs of consecutive drops followed by a kept packet: each must show up as one gap.</summary>
    public long DetectableRuns { get; private set; }

    /// <summary>Decides the fate of the next packet.</summary>
    public bool ShouldDrop()
    {
        if (_rate > 0 && _keptAny && _random.NextDouble() < _rate)
        {
            _pendingDrops++;
            return true;
        }

        _keptAny = true;
        if (_pendingDrops > 0)
        {
            DetectableDrops += _pendingDrops;
            DetectableRuns++;
            _pendingDrops = 0;
        }

        return false;
    }
}
