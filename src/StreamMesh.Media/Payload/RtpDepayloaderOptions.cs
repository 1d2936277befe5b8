namespace StreamMesh.Media.Payload;

/// <summary>Options shared by the video depayloaders.</summary>
public sealed record RtpDepayloaderOptions
{
    /// <summary>Default bound on one reassembled frame: 4 MiB.</summary>
    public const int DefaultMaxFrameSize = 4 * 1024 * 1024;

    /// <summary>
    /// Largest frame that is reassembled; a frame that would grow past it is dropped (and counted),
    /// so hostile input can never make the buffer grow without bound.
    /// </summary>
    public int MaxFrameSize { get; init; } = DefaultMaxFrameSize;

    /// <summary>
    /// When true (the default), complete frames are withheld while a keyframe is needed — at start
    /// and after any loss — because a decoder cannot use them before the next keyframe.
    /// </summary>
    public bool WaitForKeyframe { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> when an option is out of range.</summary>
    public void Validate()
    {
        if (MaxFrameSize is < 1_024 or > 256 * 1024 * 1024)
        {
            throw new ArgumentException(
                $"MaxFrameSize must be between 1 KiB and 256 MiB, got {MaxFrameSize}.", nameof(MaxFrameSize));
        }
    }
}
