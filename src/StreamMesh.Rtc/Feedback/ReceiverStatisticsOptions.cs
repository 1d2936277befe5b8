namespace StreamMesh.Rtc.Feedback;

/// <summary>Parameters of <see cref="ReceiverStatistics"/> (RFC 3550 Appendix A.1 constants and the media clock).</summary>
public sealed record ReceiverStatisticsOptions
{
    /// <summary>RTP timestamp rate of the stream (90000 for video, 48000 for Opus).</summary>
    public int ClockRate { get; init; } = 90_000;

    /// <summary>Consecutive packets needed before a new source counts as valid (MIN_SEQUENTIAL).</summary>
    public int MinSequential { get; init; } = 2;

    /// <summary>Largest forward jump still taken as the same sequence (MAX_DROPOUT).</summary>
    public int MaxDropout { get; init; } = 3000;

    /// <summary>Largest backward step taken as reordering rather than a restart (MAX_MISORDER).</summary>
    public int MaxMisorder { get; init; } = 100;

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
    public void Validate()
    {
        if (ClockRate <= 0)
        {
            throw new ArgumentException($"{nameof(ClockRate)} must be positive (got {ClockRate}).", nameof(ClockRate));
        }

        if (MinSequential < 1)
        {
            throw new ArgumentException($"{nameof(MinSequential)} must be at least 1 (got {MinSequential}).", nameof(MinSequential));
        }

        if (MaxDropout is < 1 or > 32768 || MaxMisorder is < 1 or > 32768)
        {
            throw new ArgumentException($"{nameof(MaxDropout)} and {nameof(MaxMisorder)} must be 1 to 32768.", nameof(MaxDropout));
        }
    }
}
