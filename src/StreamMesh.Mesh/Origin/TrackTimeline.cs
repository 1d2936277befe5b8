namespace StreamMesh.Mesh.Origin;

/// <summary>
/// Keeps one track's RTP timestamps continuous across source restarts. Every ffmpeg run counts from zero;
/// a receiver's jitter buffer would take a jump backwards for a wrap or a reordering, so each new segment is
/// re-based to continue from the last timestamp sent, advanced by the wall-clock time that passed (at least
/// one frame) so RTP time keeps pace with the capture times the sender reports map it to (RFC 3550 §5.1:
/// timestamps must advance linearly with sampling time). Used by one pump at a time.
/// </summary>
internal sealed class TrackTimeline
{
    private readonly int _clockRate;
    private readonly uint _minimumStep;
    private long _offset;
    private bool _segmentAnchored;
    private bool _any;
    private uint _last;
    private DateTimeOffset _lastCapture;

    /// <param name="clockRate">RTP clock rate of the track.</param>
    /// <param name="minimumStep">Smallest advance between segments: one frame (video) or one packet (audio).</param>
    /// <param name="initialTimestamp">First timestamp sent; RFC 3550 §5.1 asks for a random one.</param>
    public TrackTimeline(int clockRate, uint minimumStep, uint initialTimestamp)
    {
        _clockRate = clockRate;
        _minimumStep = minimumStep;
        _last = initialTimestamp;
    }

    /// <summary>The next frame starts a new segment whose source timestamps restart.</summary>
    public void BeginSegment() => _segmentAnchored = false;

    /// <summary>Maps a source timestamp of the current segment to the RTP timestamp to send.</summary>
    public uint Map(long sourceTimestamp, DateTimeOffset captureTime)
    {
        if (!_segmentAnchored)
        {
            long next = _last;
            if (_any)
            {
                var elapsed = (long)Math.Round((captureTime - _lastCapture).TotalSeconds * _clockRate);
                next = _last + Math.Max(_minimumStep, elapsed);
            }

            _offset = next - sourceTimestamp;
            _segmentAnchored = true;
        }

        _last = unchecked((uint)(sourceTimestamp + _offset));
        _lastCapture = captureTime;
        _any = true;
        return _last;
    }
}
