using StreamMesh.Mesh.Whip;

namespace StreamMesh.Mesh.Tests.Whip;

public sealed class RtpCaptureClockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void GetCaptureTime_JitteryArrivals_AdvancesExactlyWithRtpTime()
    {
        var clock = new RtpCaptureClock(90_000);
        Assert.Equal(T0, clock.GetCaptureTime(1000, T0));

        // Frame 2 (33.3 ms of RTP time later) arrives 12 ms late: its capture time still follows the RTP clock.
        var second = clock.GetCaptureTime(1000 + 3000, T0.AddMilliseconds(45));
        Assert.Equal(T0.AddMilliseconds(1000.0 / 30), second);
    }

    [Fact]
    public void GetCaptureTime_PacketSoonerThanPredicted_ReanchorsOnIt()
    {
        var clock = new RtpCaptureClock(90_000);
        clock.GetCaptureTime(0, T0.AddMilliseconds(20)); // the first packet was delayed by 20 ms

        var capture = clock.GetCaptureTime(9000, T0.AddMilliseconds(100)); // predicted 120 ms, arrived at 100 ms
        Assert.Equal(T0.AddMilliseconds(100), capture);
        Assert.Equal(T0.AddMilliseconds(200), clock.GetCaptureTime(18000, T0.AddMilliseconds(230)));
    }

    [Fact]
    public void GetCaptureTime_TimestampWrapsAround_StaysContinuous()
    {
        var clock = new RtpCaptureClock(48_000);
        clock.GetCaptureTime(uint.MaxValue - 479, T0);

        // 960 ticks (20 ms) later, across the 2^32 wrap (RFC 3550 §5.1: modulo arithmetic).
        Assert.Equal(T0.AddMilliseconds(20), clock.GetCaptureTime(480, T0.AddMilliseconds(25)));
    }

    [Fact]
    public void GetCaptureTime_PublisherClockFallsFarBehind_Reanchors()
    {
        var clock = new RtpCaptureClock(90_000);
        clock.GetCaptureTime(0, T0);

        // Only one second of RTP time after five seconds of arrivals: the prediction lags, so arrival wins.
        var late = T0.AddSeconds(5);
        Assert.Equal(late, clock.GetCaptureTime(90_000, late));
    }
}
