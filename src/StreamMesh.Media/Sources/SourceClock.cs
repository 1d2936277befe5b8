namespace StreamMesh.Media.Sources;

/// <summary>
/// Capture-time clock: wall-clock time at construction, advanced by the monotonic timestamp, so capture
/// times never go backwards when the system clock is stepped (an RTCP sender report pairs them with RTP time).
/// </summary>
internal sealed class SourceClock
{
    private readonly TimeProvider _timeProvider;
    private readonly DateTimeOffset _anchorWallClock;
    private readonly long _anchorTimestamp;

    public SourceClock(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _anchorWallClock = timeProvider.GetUtcNow();
        _anchorTimestamp = timeProvider.GetTimestamp();
    }

    public DateTimeOffset Now => _anchorWallClock + _timeProvider.GetElapsedTime(_anchorTimestamp);
}
