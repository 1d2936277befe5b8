namespace StreamMesh.Fuzz.Engine;

/// <summary>How long and how hard to fuzz one target.</summary>
public sealed record FuzzRunOptions
{
    /// <summary>Inputs per target, seeds included.</summary>
    public long Iterations { get; init; } = 100_000;

    /// <summary>Seed of the input stream; the same seed replays the same inputs.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>An input that takes longer than this is a hang.</summary>
    public TimeSpan InputTimeBudget { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Findings kept per signature (all are counted).</summary>
    public int FindingsPerSignature { get; init; } = 3;

    /// <summary>Called every this many inputs with the inputs done so far; 0 disables progress.</summary>
    public long ProgressInterval { get; init; }

    public void Validate()
    {
        if (Iterations < 1)
        {
            throw new ArgumentException("Iterations must be at least 1.", nameof(Iterations));
        }

        if (InputTimeBudget <= TimeSpan.Zero)
        {
            throw new ArgumentException("The per-input time budget must be positive.", nameof(InputTimeBudget));
        }

        if (FindingsPerSignature < 1)
        {
            throw new ArgumentException("At least one finding per signature must be kept.", nameof(FindingsPerSignature));
        }

        if (ProgressInterval < 0)
        {
            throw new ArgumentException("The progress interval cannot be negative.", nameof(ProgressInterval));
        }
    }
}
