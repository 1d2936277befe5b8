namespace StreamMesh.Media.Payload;

/// <summary>
/// Classifies 16-bit RTP sequence numbers against the next expected one, wrap-around aware.
/// The thresholds follow RFC 3550 Appendix A.1 (MAX_DROPOUT 3000, MAX_MISORDER 100).
/// </summary>
internal struct RtpSequenceTracker
{
    /// <summary>Largest forward jump still treated as loss rather than a restart.</summary>
    public const int MaxDropout = 3_000;

    /// <summary>Largest backward distance still treated as a late packet rather than a restart.</summary>
    public const int MaxMisorder = 100;

    private bool _initialized;
    private ushort _expected;

    /// <summary>Classifies <paramref name="sequenceNumber"/> and advances the expectation unless it is late.</summary>
    /// <param name="sequenceNumber">The received sequence number.</param>
    /// <param name="lost">For <see cref="SequenceStep.Gap"/>, how many packets are missing; otherwise 0.</param>
    public SequenceStep Observe(ushort sequenceNumber, out int lost)
    {
        lost = 0;
        if (!_initialized)
        {
            _initialized = true;
            _expected = unchecked((ushort)(sequenceNumber + 1));
            return SequenceStep.InOrder;
        }

        // Signed 16-bit distance handles the wrap from 65535 to 0.
        int delta = unchecked((short)(sequenceNumber - _expected));
        if (delta < 0 && delta >= -MaxMisorder)
        {
            return SequenceStep.Late;
        }

        _expected = unchecked((ushort)(sequenceNumber + 1));
        if (delta == 0)
        {
            return SequenceStep.InOrder;
        }

        if (delta > 0 && delta <= MaxDropout)
        {
            lost = delta;
            return SequenceStep.Gap;
        }

        return SequenceStep.Restart;
    }

    /// <summary>Forgets the expectation; the next packet is treated as the first.</summary>
    public void Reset() => this = default;
}
