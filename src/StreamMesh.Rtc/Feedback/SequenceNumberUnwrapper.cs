namespace StreamMesh.Rtc.Feedback;

/// <summary>
/// Extends 16-bit RTP sequence numbers to 64 bits across wrap-around. Each value is placed at the
/// position nearest to the previously unwrapped one (RFC 1982 serial arithmetic), so reordered
/// packets unwrap to their true position as long as reordering stays under half the 16-bit space.
/// The first value unwraps to itself; values before it may unwrap to negative numbers.
/// Not thread-safe: one instance per stream, used from one context.
/// </summary>
public sealed class SequenceNumberUnwrapper
{
    private long _last;
    private bool _hasLast;

    /// <summary>The most recently unwrapped value, or null before the first call.</summary>
    public long? Last => _hasLast ? _last : null;

    /// <summary>Unwraps <paramref name="sequenceNumber"/> and remembers it as the reference for the next call.</summary>
    public long Unwrap(ushort sequenceNumber)
    {
        _last = PeekUnwrap(sequenceNumber);
        _hasLast = true;
        return _last;
    }

    /// <summary>Unwraps without changing the reference point.</summary>
    public long PeekUnwrap(ushort sequenceNumber) =>
        _hasLast ? _last + SerialNumberArithmetic.Distance(sequenceNumber, unchecked((ushort)_last)) : sequenceNumber;

    /// <summary>Forgets the reference point; the next value unwraps to itself.</summary>
    public void Reset()
    {
        _hasLast = false;
        _last = 0;
    }
}
