using StreamMesh.Rtc.Feedback;

namespace StreamMesh.Rtc.Rtp;

/// <summary>
/// The abs-send-time header extension: a 24-bit 6.18 fixed-point send time in seconds, the low
/// 6 integer bits and high 18 fraction bits of the sender's NTP clock (wraps every 64 s).
/// Used by receive-side bandwidth estimation with REMB.
/// </summary>
public static class AbsSendTimeExtension
{
    /// <summary>The extmap URI.</summary>
    public const string Uri = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    /// <summary>Element data length in bytes.</summary>
    public const int Length = 3;

    /// <summary>Number of distinct values before the clock wraps (64 s).</summary>
    public const int Range = 1 << 24;

    /// <summary>Takes bits 6.18 out of a Q32.32 NTP time.</summary>
    public static uint FromNtp(NtpTimestamp time) => (uint)(time.Value >> 14) & 0x00FF_FFFF;

    /// <summary>Converts a 6.18 value to the time within the 64-second window.</summary>
    public static TimeSpan ToTimeSpan(uint absSendTime) =>
        TimeSpan.FromTicks((long)((ulong)(absSendTime & 0x00FF_FFFF) * TimeSpan.TicksPerSecond >> 18));

    /// <summary>Reads the element data; false unless it is exactly 3 bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out uint absSendTime)
    {
        if (value.Length != Length)
        {
            absSendTime = 0;
            return false;
        }

        absSendTime = (uint)((value[0] << 16) | (value[1] << 8) | value[2]);
        return true;
    }

    /// <summary>Writes the 3 data bytes and returns 3.</summary>
    public static int Write(Span<byte> destination, uint absSendTime)
    {
        destination[2] = (byte)absSendTime;
        destination[1] = (byte)(absSendTime >> 8);
        destination[0] = (byte)(absSendTime >> 16);
        return Length;
    }

    /// <summary>Appends the element to a block under construction.</summary>
    public static bool TryAdd(ref RtpHeaderExtensionWriter writer, byte id, uint absSendTime)
    {
        if (!writer.TryReserve(id, Length, out Span<byte> slot))
        {
            return false;
        }

        Write(slot, absSendTime);
        return true;
    }
}
