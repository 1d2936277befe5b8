namespace StreamMesh.Media.Sources;

/// <summary>Lifecycle of a media source. <see cref="Failed"/> and <see cref="Stopped"/> are terminal.</summary>
public enum MediaSourceState
{
    /// <summary>Constructed, not started.</summary>
    Created,

    /// <summary>Probing the input and launching ffmpeg; no video frame yet.</summary>
    Starting,

    /// <summary>At least one video frame has been delivered.</summary>
    Running,

    /// <summary>ffmpeg failed or the source could not be opened; see the exception on the state change.</summary>
    Failed,

    /// <summary>Stopped on request, or a file played once reached its end.</summary>
    Stopped,
}
