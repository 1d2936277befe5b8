namespace StreamMesh.Mesh.Origin;

/// <summary>What a stream's viewers are getting from its source, as a dashboard shows it.</summary>
public enum IngestState
{
    /// <summary>The source is being opened for the first time; viewers see nothing yet or the slate.</summary>
    Connecting,

    /// <summary>The source is delivering media.</summary>
    Live,

    /// <summary>The source is down or being reopened; viewers stay connected and see the slate.</summary>
    Slate,

    /// <summary>The origin is shutting down.</summary>
    Stopped,
}
