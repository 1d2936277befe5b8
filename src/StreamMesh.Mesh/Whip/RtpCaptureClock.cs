namespace StreamMesh.Mesh.Whip;

/// <summary>
/// Gives each forwarded frame a capture time on this node's wall clock that advances exactly with the publisher's
/// RTP timestamps (the source clock), instead of with the jittery arrival times. The anchor is the earliest
/// arrival seen relative to the RTP clock (a packet that arrives sooner than predicted re-anchors), so network
/// delay is tracked at its minimum; a publisher whose clock runs away (prediction more than a second behind
/// arrival, or a jump in timestamps) re-anchors too. One instance per forwarded track, used from one thread.
/// </summary>
public sealed class RtpCaptureClock
{
    private static readonly TimeSpan MaxLag = TimeSpan.FromSeconds(1);

    private readonly int _clockRate;
    private uint _anchorTimestamp;
    private DateTimeOffset _anchorTime;
    private bool _anchored;

    public RtpCaptureClock(int clockRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        _clockRate = clockRate;
    }

    /// <summary>Starts over (a new publisher).</summary>
    public void Reset() => _anchored = false;

    /// <summary>The capture time of the frame with <paramref name="rtpTimestamp"/>, one of whose packets arrived at <paramref name="arrival"/>.</summary>
    public DateTimeOffset GetCaptureTime(uint rtpTimestamp, DateTimeOffset arrival)
    {
        if (_anchored)
        {
            // RFC 3550 §5.1: timestamps are modulo 2^32; the signed difference handles wrap-around.
            var ticks = unchecked((int)(rtpTimestamp - _anchorTimestamp));
            var predicted = _anchorTime + TimeSpan.FromSeconds((double)ticks / _clockRate);
            if (predicted <= arrival && arrival - predicted <= MaxLag)
            {
                return predicted;
            }
        }

        _anchorTimestamp = rtpTimestamp;
        _anchorTime = arrival;
        _anchored = true;
        return arrival;
    }
}
