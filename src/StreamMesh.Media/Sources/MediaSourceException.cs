namespace StreamMesh.Media.Sources;

/// <summary>A media source could not start or failed; the message names the source and, where ffmpeg said why, ffmpeg's words.</summary>
public sealed class MediaSourceException : Exception
{
    /// <summary>Creates an exception for the source <paramref name="sourceUri"/>.</summary>
    public MediaSourceException(string sourceUri, MediaSourceError reason, string detail, Exception? innerException = null)
        : base($"Media source '{sourceUri}': {detail}", innerException)
    {
        SourceUri = sourceUri;
        Reason = reason;
        Detail = detail;
    }

    /// <summary>The source URI from <see cref="MediaSourceOptions.Uri"/>.</summary>
    public string SourceUri { get; }

    /// <summary>The category of failure.</summary>
    public MediaSourceError Reason { get; }

    /// <summary>The message without the source prefix.</summary>
    public string Detail { get; }
}
