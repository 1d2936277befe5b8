using StreamMesh.Rtc.Feedback;

namespace StreamMesh.Rtc.Tests.Feedback;

public class SequenceNumberTests
{
    [Theory]
    [InlineData(1, 0, true)]
    [InlineData(0, 65535, true)]       // forward across the wrap
    [InlineData(65535, 0, false)]
    [InlineData(100, 100, false)]
    [InlineData(0x8000, 0, true)]      // half-space tie: larger value wins
    [InlineData(0, 0x8000, false)]
    [InlineData(0x7FFF, 0, true)]
    [InlineData(0x8001, 0, false)]
    public void IsNewer_SixteenBit_FollowsSerialArithmetic(int value, int previous, bool expected)
    {
        Assert.Equal(expected, SerialNumberArithmetic.IsNewer((ushort)value, (ushort)previous));
        Assert.Equal(expected || value == previous, SerialNumberArithmetic.IsNewerOrEqual((ushort)value, (ushort)previous));
    }

    [Theory]
    [InlineData(0u, 0xFFFF_FFFFu, true)]
    [InlineData(0xFFFF_FFFFu, 0u, false)]
    [InlineData(0x8000_0000u, 0u, true)]
    [InlineData(0u, 0x8000_0000u, false)]
    public void IsNewer_ThirtyTwoBit_FollowsSerialArithmetic(uint value, uint previous, bool expected)
    {
        Assert.Equal(expected, SerialNumberArithmetic.IsNewer(value, previous));
    }

    [Theory]
    [InlineData(5, 3, 2)]
    [InlineData(3, 5, -2)]
    [InlineData(1, 65535, 2)]
    [InlineData(65535, 1, -2)]
    [InlineData(0x8000, 0, 0x8000)]
    [InlineData(0, 0x8000, -0x8000)]
    public void Distance_IsSignedAndConsistentWithIsNewer(int value, int previous, int expected)
    {
        Assert.Equal(expected, SerialNumberArithmetic.Distance((ushort)value, (ushort)previous));
    }

    [Fact]
    public void Latest_PicksNewerAcrossWrap()
    {
        Assert.Equal(2, SerialNumberArithmetic.Latest(65530, 2));
    }

    [Fact]
    public void Unwrap_ForwardAcrossWrap_KeepsCounting()
    {
        var unwrapper = new SequenceNumberUnwrapper();

        Assert.Equal(65534, unwrapper.Unwrap(65534));
        Assert.Equal(65535, unwrapper.Unwrap(65535));
        Assert.Equal(65536, unwrapper.Unwrap(0));
        Assert.Equal(65537, unwrapper.Unwrap(1));
    }

    [Fact]
    public void Unwrap_ReorderedAroundWrap_PlacesEachAtItsPosition()
    {
        var unwrapper = new SequenceNumberUnwrapper();

        Assert.Equal(65535, unwrapper.Unwrap(65535));
        Assert.Equal(65537, unwrapper.Unwrap(1));
        Assert.Equal(65536, unwrapper.Unwrap(0));
        Assert.Equal(65538, unwrapper.Unwrap(2));
    }

    [Fact]
    public void Unwrap_ManyCycles_CountsEveryWrap()
    {
        var unwrapper = new SequenceNumberUnwrapper();
        long last = 0;

        for (long i = 0; i < 5 * 65536L; i += 1000)
        {
            last = unwrapper.Unwrap((ushort)i);
            Assert.Equal(i, last);
        }

        Assert.Equal(last, unwrapper.Last);
    }

    [Fact]
    public void Unwrap_BeforeFirstValue_GoesNegative()
    {
        var unwrapper = new SequenceNumberUnwrapper();

        unwrapper.Unwrap(5);

        Assert.Equal(-1, unwrapper.PeekUnwrap(65535));
        Assert.Equal(5, unwrapper.Last);
    }

    [Fact]
    public void Reset_ForgetsReference()
    {
        var unwrapper = new SequenceNumberUnwrapper();
        unwrapper.Unwrap(65535);
        unwrapper.Unwrap(10);

        unwrapper.Reset();

        Assert.Null(unwrapper.Last);
        Assert.Equal(3, unwrapper.Unwrap(3));
    }
}
