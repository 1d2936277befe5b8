namespace StreamMesh.Rtc.Feedback;

/// <summary>Tuning of a <see cref="NackGenerator"/>.</summary>
public sealed record NackGeneratorOptions
{
    /// <summary>Most packets tracked as missing; a larger loss clears the list and asks for a keyframe.</summary>
    public int MaxMissing { get; init; } = 1000;

    /// <summary>NACKs sent per missing packet before giving up on it.</summary>
    public int MaxRetries { get; init; } = 10;

    /// <summary>How long a packet may stay missing before it is given up (it would be too late to play).</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Interval between NACKs for the same packet until an RTT is known.</summary>
    public TimeSpan DefaultRetryInterval { get; init; } = TimeSpan.FromMilliseconds(40);

    /// <summary>Lower clamp of the RTT-based retry interval.</summary>
    public TimeSpan MinRetryInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Upper clamp of the RTT-based retry interval.</summary>
    public TimeSpan MaxRetryInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
    public void Validate()
    {
        if (MaxMissing is < 1 or > 16384)
        {
            throw new ArgumentException($"{nameof(MaxMissing)} must be 1 to 16384 (got {MaxMissing}).", nameof(MaxMissing));
        }

        if (MaxRetries < 1)
        {
            throw new ArgumentException($"{nameof(MaxRetries)} must be at least 1 (got {MaxRetries}).", nameof(MaxRetries));
        }

        if (MaxAge <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(MaxAge)} must be positive (got {MaxAge}).", nameof(MaxAge));
        }

        if (MinRetryInterval <= TimeSpan.Zero || MaxRetryInterval < MinRetryInterval)
        {
            throw new ArgumentException(
                $"Retry interval bounds must satisfy 0 < {nameof(MinRetryInterval)} <= {nameof(MaxRetryInterval)} (got {MinRetryInterval}, {MaxRetryInterval}).",
                nameof(MinRetryInterval));
        }

        if (DefaultRetryInterval < MinRetryInterval || DefaultRetryInterval > MaxRetryInterval)
        {
            throw new ArgumentException(
                $"{nameof(DefaultRetryInterval)} must lie between {nameof(MinRetryInterval)} and {nameof(MaxRetryInterval)} (got {DefaultRetryInterval}).",
                nameof(DefaultRetryInterval));
        }
    }
}
