using StreamMesh.Mesh.Tracker.Contracts;

namespace StreamMesh.Mesh.Tracker;

/// <summary>Outcome of a <see cref="TrackerService"/> call: an HTTP status and either a value or a problem.</summary>
/// <typeparam name="T">Success body.</typeparam>
/// <param name="StatusCode">HTTP status to answer with.</param>
/// <param name="Value">Body on success.</param>
/// <param name="Problem">Body on failure.</param>
public readonly record struct TrackerResult<T>(int StatusCode, T? Value, ProblemDto? Problem)
    where T : class
{
    /// <summary>True for 2xx.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300 && Value is not null;

    /// <summary>A success.</summary>
    public static TrackerResult<T> Success(T value, int statusCode = 200) => new(statusCode, value, null);

    /// <summary>A refusal with a problem body.</summary>
    public static TrackerResult<T> Refuse(int statusCode, string title, string detail) =>
        new(statusCode, null, new ProblemDto { Title = title, Status = statusCode, Detail = detail });

    /// <summary>The same refusal for another body type.</summary>
    public TrackerResult<TOther> Cast<TOther>()
        where TOther : class => new(StatusCode, null, Problem);
}
