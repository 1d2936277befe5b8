namespace StreamMesh.Mesh.Whep;

/// <summary>A created session, or the HTTP status and message explaining why none was.</summary>
public sealed record WhepSessionOutcome(WhepSession? Session, int StatusCode, string? Error)
{
    public static WhepSessionOutcome Created(WhepSession session) => new(session, 201, null);

    public static WhepSessionOutcome Refused(int statusCode, string error) => new(null, statusCode, error);
}
