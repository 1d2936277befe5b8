namespace StreamMesh.Topology.Tree;

/// <summary>Result of a <see cref="StreamTree"/> operation: a status, the value on success, a human-readable message otherwise.</summary>
/// <typeparam name="T">The success payload.</typeparam>
/// <param name="Status">Outcome class.</param>
/// <param name="Value">Payload when <paramref name="Status"/> is <see cref="TopologyStatus.Ok"/>.</param>
/// <param name="Message">Why the operation was refused, for logs and API error bodies.</param>
public readonly record struct TopologyResult<T>(TopologyStatus Status, T? Value, string? Message)
    where T : class
{
    /// <summary>True on success.</summary>
    public bool IsOk => Status == TopologyStatus.Ok && Value is not null;

    /// <summary>A successful result.</summary>
    public static TopologyResult<T> Ok(T value) => new(TopologyStatus.Ok, value, null);

    /// <summary>A refusal.</summary>
    public static TopologyResult<T> Fail(TopologyStatus status, string message) => new(status, null, message);
}
