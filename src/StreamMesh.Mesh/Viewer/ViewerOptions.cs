namespace StreamMesh.Mesh.Viewer;

/// <summary>What one headless viewer run does. The parent is chosen by an <see cref="IViewerParentResolver"/>.</summary>
public sealed record ViewerOptions
{
    /// <summary>How long to watch after media starts; null watches until cancelled.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Recording path (.mp4, .webm or .mkv); null records nothing.</summary>
    public string? RecordPath { get; init; }

    /// <summary>Time from the WHEP POST to a connected, secure peer connection.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Time after connecting within which the first media packet must arrive.</summary>
    public TimeSpan MediaTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a hole in the video sequence is waited for (NACK repair) before it is given up.</summary>
    public TimeSpan ReorderWindow { get; init; } = TimeSpan.FromMilliseconds(600);

    /// <summary>Interval of the progress line.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Test hook: probability (0-1) of discarding a received audio packet before any accounting, drawn
    /// from a generator seeded with <see cref="InjectedLossSeed"/>. The drops are counted, so the stats
    /// can show that every injected loss was detected as an audio gap.
    /// </summary>
    public double InjectedAudioLoss { get; init; }

    public int InjectedLossSeed { get; init; } = 4588;

    public void Validate()
    {
        if (Duration is { } duration && duration <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Duration must be positive (got {duration})", nameof(Duration));
        }

        if (RecordPath is not null && string.IsNullOrWhiteSpace(RecordPath))
        {
            throw new ArgumentException("RecordPath must not be blank", nameof(RecordPath));
        }

        if (ConnectTimeout <= TimeSpan.Zero || MediaTimeout <= TimeSpan.Zero || ProgressInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("ConnectTimeout, MediaTimeout and ProgressInterval must be positive");
        }

        if (ReorderWindow < TimeSpan.Zero || ReorderWindow > TimeSpan.FromSeconds(5))
        {
            throw new ArgumentException($"ReorderWindow must be 0-5 s (got {ReorderWindow})", nameof(ReorderWindow));
        }

        if (!(InjectedAudioLoss is >= 0 and < 1))
        {
            throw new ArgumentException($"InjectedAudioLoss must be within 0-1 (got {InjectedAudioLoss})", nameof(InjectedAudioLoss));
        }
    }
}
