using Microsoft.Extensions.Time.Testing;
using StreamMesh.Rtc.Feedback;

namespace StreamMesh.Rtc.Tests.Feedback;

public class NtpTimestampTests
{
    [Fact]
    public void FromDateTimeOffset_NtpEpoch_IsZero()
    {
        Assert.Equal(0UL, NtpTimestamp.FromDateTimeOffset(new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero)).Value);
    }

    [Fact]
    public void FromDateTimeOffset_UnixEpochPlusHalfSecond_HasKnownSecondsAndFraction()
    {
        // 2 208 988 800 s separate the NTP and Unix epochs (RFC 868).
        NtpTimestamp ntp = NtpTimestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddMilliseconds(500));

        Assert.Equal(2_208_988_800u, ntp.Seconds);
        Assert.Equal(0x8000_0000u, ntp.Fraction);
        Assert.Equal((uint)((2_208_988_800UL << 16) & 0xFFFF_FFFF) | 0x8000u, ntp.Middle32);
    }

    [Fact]
    public void ToDateTimeOffset_RoundTripsWithinOneTick()
    {
        var time = new DateTimeOffset(2025, 11, 25, 21, 33, 17, 123, TimeSpan.Zero).AddTicks(4567);

        DateTimeOffset back = NtpTimestamp.FromDateTimeOffset(time).ToDateTimeOffset();

        Assert.InRange((back - time).Ticks, -1, 1);
    }

    [Fact]
    public void ToDateTimeOffset_AfterEraRollover_MapsToEraOne()
    {
        // RFC 4330 §3: 2036-02-07T06:28:16Z is where the 32-bit seconds counter wraps to 0.
        var rollover = new DateTimeOffset(2036, 2, 7, 6, 28, 16, TimeSpan.Zero);

        NtpTimestamp ntp = NtpTimestamp.FromDateTimeOffset(rollover.AddSeconds(10));

        Assert.Equal(10u, ntp.Seconds);
        Assert.Equal(rollover.AddSeconds(10), ntp.ToDateTimeOffset());
    }

    [Fact]
    public void Now_UsesTimeProvider()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddSeconds(1));

        Assert.Equal(2_208_988_801u, NtpTimestamp.Now(time).Seconds);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2_208_988_803u, NtpTimestamp.Now(time).Seconds);
    }

    [Theory]
    [InlineData(0x0001_0000u, 1000.0)]
    [InlineData(0x0000_8000u, 500.0)]
    [InlineData(0x0005_4000u, 5250.0)] // RFC 3550 §6.4.1 example DLSR 5.250 s
    public void CompactToTimeSpan_SixteenDotSixteen_ConvertsBothWays(uint compact, double milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), NtpTimestamp.CompactToTimeSpan(compact));
        Assert.Equal(compact, NtpTimestamp.TimeSpanToCompact(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Fact]
    public void TimeSpanToCompact_NegativeOrHuge_Saturates()
    {
        Assert.Equal(0u, NtpTimestamp.TimeSpanToCompact(TimeSpan.FromSeconds(-1)));
        Assert.Equal(uint.MaxValue, NtpTimestamp.TimeSpanToCompact(TimeSpan.FromDays(2)));
    }

    [Fact]
    public void Comparison_OrdersByValue()
    {
        var earlier = new NtpTimestamp(1);
        var later = new NtpTimestamp(2);

        Assert.True(earlier < later);
        Assert.True(later >= earlier);
        Assert.Equal(-1, earlier.CompareTo(later));
    }
}
