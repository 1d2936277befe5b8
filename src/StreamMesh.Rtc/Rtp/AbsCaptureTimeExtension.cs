using System.Buffers.Binary;
using StreamMesh.Rtc.Feedback;

namespace StreamMesh.Rtc.Rtp;

/// <summary>
/// The abs-capture-time header extension: the capture time of the frame's first sample as a Q32.32
/// NTP timestamp on the capturer's clock, optionally followed by the estimated capture clock offset
/// (signed Q32.32 seconds) between that clock and the sender's. 8 or 16 bytes of data.
/// </summary>
public static class AbsCaptureTimeExtension
{
    /// <summary>The extmap URI.</summary>
    public const string Uri = "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time";

    /// <summary>Data length without the clock offset.</summary>
    public const int ShortLength = 8;

    /// <summary>Data length with the clock offset.</summary>
    public const int LongLength = 16;

    /// <summary>Data length for the given shape.</summary>
    public static int GetLength(bool hasClockOffset) => hasClockOffset ? LongLength : ShortLength;

    /// <summary>Reads the element data; false unless it is 8 or 16 bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out NtpTimestamp captureTime, out long? estimatedCaptureClockOffset)
    {
        estimatedCaptureClockOffset = null;
        if (value.Length is not (ShortLength or LongLength))
        {
            captureTime = default;
            return false;
        }

        captureTime = new NtpTimestamp(BinaryPrimitives.ReadUInt64BigEndian(value));
        if (value.Length == LongLength)
        {
            estimatedCaptureClockOffset = BinaryPrimitives.ReadInt64BigEndian(value[ShortLength..]);
        }

        return true;
    }

    /// <summary>Converts a signed Q32.32 clock offset to a <see cref="TimeSpan"/>.</summary>
    public static TimeSpan OffsetToTimeSpan(long q32x32) =>
        TimeSpan.FromTicks((long)((Int128)q32x32 * TimeSpan.TicksPerSecond >> 32));

    /// <summary>Converts a <see cref="TimeSpan"/> to a signed Q32.32 clock offset.</summary>
    public static long TimeSpanToOffset(TimeSpan offset) =>
        (long)(((Int128)offset.Ticks << 32) / TimeSpan.TicksPerSecond);

    /// <summary>Writes 8 or 16 data bytes and returns how many.</summary>
    public static int Write(Span<byte> destination, NtpTimestamp captureTime, long? estimatedCaptureClockOffset)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, captureTime.Value);
        if (estimatedCaptureClockOffset is long offset)
        {
            BinaryPrimitives.WriteInt64BigEndian(destination[ShortLength..], offset);
            return LongLength;
        }

        return ShortLength;
    }

    /// <summary>Appends the element to a block under construction.</summary>
    public static bool TryAdd(ref RtpHeaderExtensionWriter writer, byte id, NtpTimestamp captureTime, long? estimatedCaptureClockOffset = null)
    {
        if (!writer.TryReserve(id, GetLength(estimatedCaptureClockOffset.HasValue), out Span<byte> slot))
        {
            return false;
        }

        Write(slot, captureTime, estimatedCaptureClockOffset);
        return true;
    }
}
