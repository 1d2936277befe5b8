using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Rtp;

namespace StreamMesh.Rtc.Tests.Rtp;

public class TypedHeaderExtensionTests
{
    [Fact]
    public void AbsSendTime_FromNtp_TakesLowSixSecondBitsAndHighEighteenFractionBits()
    {
        // NTP 0x12345678.80000000: seconds & 0x3F = 0x38 (56), fraction 0.5 -> 0x20000 in 18 bits.
        var ntp = new NtpTimestamp(0x12345678_80000000UL);

        uint value = AbsSendTimeExtension.FromNtp(ntp);

        Assert.Equal((0x38u << 18) | 0x2_0000u, value);
        Assert.Equal(TimeSpan.FromSeconds(56.5), AbsSendTimeExtension.ToTimeSpan(value));
    }

    [Fact]
    public void AbsSendTime_WriteThenRead_RoundTripsThreeBytes()
    {
        var buffer = new byte[3];

        AbsSendTimeExtension.Write(buffer, 0xE2_0001);

        Assert.Equal("E20001", WireHex.Format(buffer));
        Assert.True(AbsSendTimeExtension.TryRead(buffer, out uint value));
        Assert.Equal(0xE2_0001u, value);
        Assert.False(AbsSendTimeExtension.TryRead(buffer.AsSpan(0, 2), out _));
    }

    [Fact]
    public void TransportSequenceNumber_WriteThenRead_RoundTrips()
    {
        var buffer = new byte[2];

        TransportSequenceNumberExtension.Write(buffer, 0xBEEF);

        Assert.Equal("BEEF", WireHex.Format(buffer));
        Assert.True(TransportSequenceNumberExtension.TryRead(buffer, out ushort value));
        Assert.Equal(0xBEEF, value);
        Assert.False(TransportSequenceNumberExtension.TryRead(new byte[3], out _));
    }

    [Fact]
    public void AbsCaptureTime_ShortForm_ReadsNtpTimestampWithoutOffset()
    {
        byte[] data = WireHex.Parse("E5 2F 43 00 40 00 00 00"); // seconds 0xE52F4300, fraction 0.25

        Assert.True(AbsCaptureTimeExtension.TryRead(data, out NtpTimestamp captureTime, out long? offset));

        Assert.Equal(0xE52F4300u, captureTime.Seconds);
        Assert.Equal(0x40000000u, captureTime.Fraction);
        Assert.Null(offset);
    }

    [Fact]
    public void AbsCaptureTime_LongForm_ReadsSignedClockOffset()
    {
        byte[] data = WireHex.Parse("""
            E5 2F 43 00 00 00 00 00   // capture time
            FF FF FF FF 80 00 00 00   // offset -0.5 s in signed Q32.32
            """);

        Assert.True(AbsCaptureTimeExtension.TryRead(data, out _, out long? offset));

        Assert.Equal(-0x8000_0000L, offset);
        Assert.Equal(TimeSpan.FromMilliseconds(-500), AbsCaptureTimeExtension.OffsetToTimeSpan(offset!.Value));
        Assert.Equal(offset, AbsCaptureTimeExtension.TimeSpanToOffset(TimeSpan.FromMilliseconds(-500)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(12)]
    [InlineData(17)]
    public void AbsCaptureTime_OtherLengths_ReturnFalse(int length)
    {
        Assert.False(AbsCaptureTimeExtension.TryRead(new byte[length], out _, out _));
    }

    [Fact]
    public void AbsCaptureTime_TryAddWithOffset_WritesSixteenBytes()
    {
        var buffer = new byte[20];
        var writer = new RtpHeaderExtensionWriter(buffer, RtpHeaderExtensionForm.OneByte);

        Assert.True(AbsCaptureTimeExtension.TryAdd(ref writer, 7, new NtpTimestamp(1), 2));
        var extensions = new RtpHeaderExtensions(writer.Profile, writer.Complete());

        Assert.True(extensions.TryFind(7, out ReadOnlySpan<byte> value));
        Assert.Equal("00000000000000010000000000000002", WireHex.Format(value));
    }

    [Fact]
    public void SdesMid_TryRead_TrimsAtNulAndRejectsEmpty()
    {
        Assert.True(SdesMidExtension.TryRead("0"u8, out ReadOnlySpan<byte> mid));
        Assert.Equal("0"u8.ToArray(), mid.ToArray());
        Assert.True(SdesMidExtension.TryRead("video\0\0"u8, out mid));
        Assert.Equal("video"u8.ToArray(), mid.ToArray());
        Assert.False(SdesMidExtension.TryRead(""u8, out _));
        Assert.False(SdesMidExtension.TryRead("\0"u8, out _));
    }

    [Fact]
    public void SdesMid_TryAdd_WritesUtf8AndMatches()
    {
        var buffer = new byte[8];
        var writer = new RtpHeaderExtensionWriter(buffer, RtpHeaderExtensionForm.OneByte);

        Assert.True(SdesMidExtension.TryAdd(ref writer, 4, "a1"));
        var extensions = new RtpHeaderExtensions(writer.Profile, writer.Complete());

        Assert.Equal("416131" + "00", WireHex.Format(buffer.AsSpan(0, 4)));
        Assert.True(extensions.TryFind(4, out ReadOnlySpan<byte> value));
        Assert.True(SdesMidExtension.Matches(value, "a1"u8));
        Assert.False(SdesMidExtension.Matches(value, "a"u8));
        Assert.False(SdesMidExtension.TryAdd(ref writer, 5, ""));
    }

    [Fact]
    public void Uris_MatchTheStringsChromeAdvertises()
    {
        Assert.Equal("http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", AbsSendTimeExtension.Uri);
        Assert.Equal("http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", TransportSequenceNumberExtension.Uri);
        Assert.Equal("http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time", AbsCaptureTimeExtension.Uri);
        Assert.Equal("urn:ietf:params:rtp-hdrext:sdes:mid", SdesMidExtension.Uri);
    }
}
