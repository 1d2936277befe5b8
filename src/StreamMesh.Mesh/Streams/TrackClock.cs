namespace StreamMesh.Mesh.Streams;

/// <summary>
/// The latest (RTP timestamp, capture wall-clock) pair of a track, so sender reports can map RTP
/// time to NTP time for lip sync (RFC 3550 §6.4.1) at any later moment.
/// </summary>
public sealed class TrackClock
{
    private readonly object _lock = new();
    private uint _rtpTimestamp;
    private DateTimeOffset _captureTime;
    private bool _known;

    public void Update(uint rtpTimestamp, DateTimeOffset captureTime)
    {
        lock (_lock)
        {
            _rtpTimestamp = rtpTimestamp;
            _captureTime = captureTime;
            _known = true;
        }
    }

    /// <summary>The RTP timestamp that corresponds to <paramref name="now"/> on this track's clock.</summary>
    public bool TryGetRtpTimestampAt(DateTimeOffset now, int clockRate, out uint rtpTimestamp)
    {
        lock (_lock)
        {
            if (!_known)
            {
                rtpTimestamp = 0;
                return false;
            }

            var elapsedTicks = (long)((now - _captureTime).TotalSeconds * clockRate);
            rtpTimestamp = unchecked(_rtpTimestamp + (uint)elapsedTicks);
            return true;
        }
    }
}
