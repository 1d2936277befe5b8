namespace StreamMesh.Fuzz.Engine;

/// <summary>Figures for one target after a run.</summary>
public sealed record FuzzTargetResult
{
    public required string Target { get; init; }

    public required long Inputs { get; init; }

    public required int DistinctOutcomes { get; init; }

    /// <summary>How often each outcome code (as returned by the target) occurred.</summary>
    public required IReadOnlyDictionary<int, long> OutcomeCounts { get; init; }

    public required long Crashes { get; init; }

    public required long Hangs { get; init; }

    public required long AllocationViolations { get; init; }

    /// <summary>Overruns that did not repeat when the same input was replayed (runtime one-offs, not findings).</summary>
    public required long OneOffAllocations { get; init; }

    public required long MaxAllocatedBytes { get; init; }

    public required TimeSpan SlowestInput { get; init; }

    public required TimeSpan Elapsed { get; init; }

    /// <summary>The first findings of each signature (a few per signature).</summary>
    public required IReadOnlyList<FuzzFinding> Findings { get; init; }

    public long FindingCount => Crashes + Hangs + AllocationViolations;

    public double InputsPerSecond => Elapsed > TimeSpan.Zero ? Inputs / Elapsed.TotalSeconds : 0;
}
