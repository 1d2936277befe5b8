namespace StreamMesh.Fuzz.Engine;

/// <summary>What went wrong with one input.</summary>
public enum FuzzFindingKind
{
    /// <summary>An exception escaped the parser.</summary>
    Crash,

    /// <summary>The input ran longer than the per-input time budget.</summary>
    Hang,

    /// <summary>The input allocated more than the target's bound.</summary>
    Allocation,
}
