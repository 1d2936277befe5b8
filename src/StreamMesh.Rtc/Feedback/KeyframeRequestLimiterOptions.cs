namespace StreamMesh.Rtc.Feedback;

/// <summary>Tuning of a <see cref="KeyframeRequestLimiter"/>.</summary>
public sealed record KeyframeRequestLimiterOptions
{
    /// <summary>Least time between two requests sent upstream.</summary>
    public TimeSpan MinInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// When a sent request has not produced a keyframe after this long, <see cref="KeyframeRequestLimiter.TryRequestPending"/>
    /// repeats it (the PLI or the keyframe may have been lost). Null disables the repeat.
    /// </summary>
    public TimeSpan? RetryUnansweredAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
    public void Validate()
    {
        if (MinInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(MinInterval)} must be positive (got {MinInterval}).", nameof(MinInterval));
        }

        if (RetryUnansweredAfter is { } retry && retry < MinInterval)
        {
            throw new ArgumentException(
                $"{nameof(RetryUnansweredAfter)} must be at least {nameof(MinInterval)} (got {retry}).",
                nameof(RetryUnansweredAfter));
        }
    }
}
