namespace StreamMesh.Rtc.Feedback;

/// <summary>
/// A 64-bit NTP timestamp in Q32.32 fixed point (seconds since 1900-01-01T00:00:00Z), as carried in
/// RTCP sender reports (RFC 3550 §4, §6.4.1) and the abs-capture-time header extension.
/// </summary>
/// <param name="Value">The raw Q32.32 value: whole seconds in the high word, fraction in the low word.</param>
public readonly record struct NtpTimestamp(ulong Value) : IComparable<NtpTimestamp>
{
    private const long TicksPerSecond = TimeSpan.TicksPerSecond;

    // RFC 4330 §3: NTP era 0 starts 1900-01-01; era 1 starts when the 32-bit seconds counter wraps
    // (2036-02-07T06:28:16Z). Timestamps whose most significant bit is clear are taken to be in era 1.
    private static readonly DateTimeOffset Era0 = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Era1 = Era0.AddTicks((1L << 32) * TicksPerSecond);

    /// <summary>Whole seconds (high 32 bits).</summary>
    public uint Seconds => (uint)(Value >> 32);

    /// <summary>Fraction of a second in units of 2^-32 s (low 32 bits).</summary>
    public uint Fraction => (uint)Value;

    /// <summary>
    /// The middle 32 bits (16.16 seconds), the compact form echoed as LSR in report blocks (RFC 3550 §6.4.1).
    /// </summary>
    public uint Middle32 => (uint)(Value >> 16);

    /// <summary>Converts a wall-clock time to NTP, wrapping the seconds counter at era boundaries.</summary>
    public static NtpTimestamp FromDateTimeOffset(DateTimeOffset time)
    {
        long ticks = (time - Era0).Ticks;
        long seconds = ticks / TicksPerSecond;
        long remainder = ticks - (seconds * TicksPerSecond);
        if (remainder < 0)
        {
            seconds--;
            remainder += TicksPerSecond;
        }

        // remainder < 10^7 so remainder << 32 stays below 2^56: no overflow.
        ulong fraction = (ulong)((remainder << 32) / TicksPerSecond);
        return new NtpTimestamp(((ulong)(uint)seconds << 32) | fraction);
    }

    /// <summary>The current wall-clock time of <paramref name="timeProvider"/> as NTP.</summary>
    public static NtpTimestamp Now(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return FromDateTimeOffset(timeProvider.GetUtcNow());
    }

    /// <summary>Converts back to wall-clock time (RFC 4330 §3 era rule: MSB clear means era 1).</summary>
    public DateTimeOffset ToDateTimeOffset()
    {
        DateTimeOffset era = (Seconds & 0x8000_0000u) != 0 ? Era0 : Era1;
        long fractionTicks = (long)(((ulong)Fraction * TicksPerSecond + (1UL << 31)) >> 32);
        return era.AddTicks((Seconds * TicksPerSecond) + fractionTicks);
    }

    /// <summary>Converts a compact 16.16 NTP duration (DLSR, RTT) to a <see cref="TimeSpan"/>.</summary>
    public static TimeSpan CompactToTimeSpan(uint compact) =>
        TimeSpan.FromTicks((long)(((ulong)compact * TicksPerSecond + (1UL << 15)) >> 16));

    /// <summary>Converts a duration to compact 16.16 NTP units, saturating at the 32-bit range.</summary>
    public static uint TimeSpanToCompact(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return 0;
        }

        ulong units = (((ulong)duration.Ticks << 16) + (TicksPerSecond / 2)) / TicksPerSecond;
        return units > uint.MaxValue ? uint.MaxValue : (uint)units;
    }

    /// <inheritdoc />
    public int CompareTo(NtpTimestamp other) => Value.CompareTo(other.Value);

    /// <summary>Orders by raw value.</summary>
    public static bool operator <(NtpTimestamp left, NtpTimestamp right) => left.Value < right.Value;

    /// <summary>Orders by raw value.</summary>
    public static bool operator >(NtpTimestamp left, NtpTimestamp right) => left.Value > right.Value;

    /// <summary>Orders by raw value.</summary>
    public static bool operator <=(NtpTimestamp left, NtpTimestamp right) => left.Value <= right.Value;

    /// <summary>Orders by raw value.</summary>
    public static bool operator >=(NtpTimestamp left, NtpTimestamp right) => left.Value >= right.Value;
}
