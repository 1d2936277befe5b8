using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Codecs;

namespace StreamMesh.Rtc.Tests.Sdp.Codecs;

public class RtpCodecMatcherTests
{
    private static SdpPayloadFormat Format(string name, int clock, int? channels = null, string fmtp = "") =>
        new(100, name, clock, channels, FormatParameters.Parse(fmtp), []);

    [Fact]
    public void Matches_OpusNeedsTwoChannels()
    {
        Assert.True(RtpCodecMatcher.Matches(RtpCodec.Opus(), Format("OPUS", 48000, 2)));
        Assert.False(RtpCodecMatcher.Matches(RtpCodec.Opus(), Format("opus", 48000)));
        Assert.False(RtpCodecMatcher.Matches(RtpCodec.Opus(), Format("opus", 16000, 2)));
    }

    [Fact]
    public void Matches_Vp8IgnoresParameters()
    {
        Assert.True(RtpCodecMatcher.Matches(RtpCodec.Vp8(), Format("vp8", 90000, null, "max-fs=12288;max-fr=60")));
        Assert.False(RtpCodecMatcher.Matches(RtpCodec.Vp8(), Format("VP9", 90000)));
    }

    [Fact]
    public void Matches_H264RequiresModeAndProfile()
    {
        RtpCodec h264 = RtpCodec.H264();

        Assert.True(RtpCodecMatcher.Matches(h264, Format("H264", 90000, null, "profile-level-id=42e01f;level-asymmetry-allowed=1;packetization-mode=1")));
        Assert.False(RtpCodecMatcher.Matches(h264, Format("H264", 90000, null, "profile-level-id=42e01f;level-asymmetry-allowed=1")));
        Assert.False(RtpCodecMatcher.Matches(h264, Format("H264", 90000, null, "packetization-mode=1;profile-level-id=64001f")));
    }

    [Fact]
    public void Matches_Vp9ProfilesDiffer()
    {
        var vp9 = new RtpCodec("VP9", 90000, parameters: FormatParameters.Parse("profile-id=0"));

        Assert.True(RtpCodecMatcher.Matches(vp9, Format("VP9", 90000)));
        Assert.False(RtpCodecMatcher.Matches(vp9, Format("VP9", 90000, null, "profile-id=2")));
    }

    [Fact]
    public void Validate_RejectsBadCodecs()
    {
        Assert.Throws<ArgumentException>(() => (RtpCodec.Opus() with { ClockRate = 0 }).Validate());
        Assert.Throws<ArgumentException>(() => (RtpCodec.Vp8() with { PreferredPayloadType = 128 }).Validate());
        Assert.Throws<ArgumentException>(() => (RtpCodec.H264() with { Parameters = FormatParameters.Parse("profile-level-id=nothex") }).Validate());
        RtpCodec.Rtx(90000, 96).Validate();
        Assert.Equal(96, RtpCodec.Rtx(90000, 96).AssociatedPayloadType);
    }
}
