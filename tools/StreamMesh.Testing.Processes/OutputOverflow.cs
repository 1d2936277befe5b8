namespace StreamMesh.Testing.Processes;

/// <summary>What a full <see cref="ProcessOutput"/> gives up.</summary>
public enum OutputOverflow
{
    /// <summary>Later lines are dropped: the start (where a failed startup says why) is kept.</summary>
    KeepFirst,

    /// <summary>The oldest half is dropped: a long run keeps its latest lines.</summary>
    KeepLatest,
}
