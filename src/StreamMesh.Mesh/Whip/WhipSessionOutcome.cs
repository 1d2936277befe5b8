namespace StreamMesh.Mesh.Whip;

/// <summary>A created publisher session, or the HTTP status and message explaining why none was.</summary>
public sealed record WhipSessionOutcome(WhipPublisherSession? Session, int StatusCode, string? Error)
{
    public static WhipSessionOutcome Created(WhipPublisherSession session) => new(session, 201, null);

    public static WhipSessionOutcome Refused(int statusCode, string error) => new(null, statusCode, error);
}
