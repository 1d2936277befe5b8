namespace StreamMesh.Rtc.Feedback;

/// <summary>Bounds of an <see cref="RtpRetransmitCache"/>.</summary>
public sealed record RtpRetransmitCacheOptions
{
    /// <summary>Packets kept; rounded up to a power of two so slots map stably onto 16-bit sequence numbers.</summary>
    public int MaxPackets { get; init; } = 1024;

    /// <summary>Packets older than this are not retransmitted: the receiver has given up on them.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest packet stored (bytes); bigger ones are refused.</summary>
    public int MaxPacketSize { get; init; } = 1500;

    /// <summary>Throws <see cref="ArgumentException"/> when a bound is out of range.</summary>
    public void Validate()
    {
        if (MaxPackets is < 1 or > 32768)
        {
            throw new ArgumentException($"{nameof(MaxPackets)} must be 1 to 32768 (got {MaxPackets}).", nameof(MaxPackets));
        }

        if (MaxAge <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(MaxAge)} must be positive (got {MaxAge}).", nameof(MaxAge));
        }

        if (MaxPacketSize is < 12 or > 65535)
        {
            throw new ArgumentException($"{nameof(MaxPacketSize)} must be 12 to 65535 bytes (got {MaxPacketSize}).", nameof(MaxPacketSize));
        }
    }
}
