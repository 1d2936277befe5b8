namespace StreamMesh.Media.Sources;

/// <summary>A state transition of an <see cref="FfmpegMediaSource"/>.</summary>
public sealed class MediaSourceStateChangedEventArgs : EventArgs
{
    /// <summary>Creates the event arguments.</summary>
    public MediaSourceStateChangedEventArgs(MediaSourceState previous, MediaSourceState current, MediaSourceException? error)
    {
        Previous = previous;
        Current = current;
        Error = error;
    }

    /// <summary>State before the transition.</summary>
    public MediaSourceState Previous { get; }

    /// <summary>State after the transition.</summary>
    public MediaSourceState Current { get; }

    /// <summary>Why the source failed, when <see cref="Current"/> is <see cref="MediaSourceState.Failed"/>.</summary>
    public MediaSourceException? Error { get; }
}
