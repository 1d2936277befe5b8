using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Codecs;

namespace StreamMesh.Rtc.Tests.Sdp.Codecs;

public class H264OfferAnswerTests
{
    private static FormatParameters P(string text) => FormatParameters.Parse(text);

    [Theory]
    [InlineData("packetization-mode=1;profile-level-id=42e01f", "packetization-mode=1;profile-level-id=42e01f", true)]
    [InlineData("packetization-mode=1;profile-level-id=42e01f", "packetization-mode=1;profile-level-id=42c034", true)]  // levels differ, same CB
    [InlineData("packetization-mode=1;profile-level-id=42e01f", "packetization-mode=1;profile-level-id=4d801f", true)]  // 4D+set0 is CB too
    [InlineData("packetization-mode=1;profile-level-id=42e01f", "packetization-mode=0;profile-level-id=42e01f", false)] // mode mismatch
    [InlineData("packetization-mode=1;profile-level-id=42e01f", "profile-level-id=42e01f", false)]                     // absent mode = 0
    [InlineData("packetization-mode=1;profile-level-id=42e01f", "packetization-mode=1;profile-level-id=42001f", false)] // Baseline != CB
    [InlineData("packetization-mode=1;profile-level-id=42e01f", "packetization-mode=1;profile-level-id=4d001f", false)]
    [InlineData("packetization-mode=1;profile-level-id=42e01f", "packetization-mode=1;profile-level-id=64001f", false)]
    [InlineData("packetization-mode=1;profile-level-id=42001f", "packetization-mode=1", true)]                         // absent = 42000a, Baseline L1
    [InlineData("packetization-mode=1;profile-level-id=42e01f", "packetization-mode=1;profile-level-id=xyz", false)]
    public void IsCompatible_PerRfc6184(string local, string remote, bool expected)
    {
        Assert.Equal(expected, H264OfferAnswer.IsCompatible(P(local), P(remote)));
    }

    [Fact]
    public void CreateAnswerParameters_BothAllowAsymmetry_AnswersOwnReceiveLevel()
    {
        FormatParameters local = P("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e034");
        FormatParameters offered = P("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f");

        FormatParameters answer = H264OfferAnswer.CreateAnswerParameters(local, offered);

        Assert.Equal("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e034", answer.ToString());
        // We may send up to what the offerer can receive (3.1), not our own 5.2.
        Assert.Equal("42e01f", H264OfferAnswer.GetSendProfileLevelId(answer, offered).ToString());
    }

    [Fact]
    public void CreateAnswerParameters_OfferWithoutAsymmetry_UsesLowerLevelBothWays()
    {
        FormatParameters local = P("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e034");
        FormatParameters offered = P("packetization-mode=1;profile-level-id=42c01e");

        FormatParameters answer = H264OfferAnswer.CreateAnswerParameters(local, offered);

        Assert.Equal("42e01e", answer.GetValueOrDefault("profile-level-id"));
        Assert.Equal("42e01e", H264OfferAnswer.GetSendProfileLevelId(answer, offered).ToString());
    }

    [Fact]
    public void CreateAnswerParameters_LowerLocalLevel_NeverUpgradesWithoutAsymmetry()
    {
        FormatParameters local = P("packetization-mode=1;profile-level-id=42e00b");
        FormatParameters offered = P("packetization-mode=1;profile-level-id=42e028");

        Assert.Equal("42e00b", H264OfferAnswer.CreateAnswerParameters(local, offered).GetValueOrDefault("profile-level-id"));
    }

    [Fact]
    public void CompareLevels_Level1bSortsBetween1And11()
    {
        Assert.True(H264OfferAnswer.CompareLevels(H264Level.Level1, H264Level.Level1b) < 0);
        Assert.True(H264OfferAnswer.CompareLevels(H264Level.Level1b, H264Level.Level1_1) < 0);
        Assert.True(H264OfferAnswer.CompareLevels(H264Level.Level1_1, H264Level.Level1b) > 0);
        Assert.Equal(H264Level.Level1b, H264OfferAnswer.MinLevel(H264Level.Level3_1, H264Level.Level1b));
        Assert.Equal(H264Level.Level1, H264OfferAnswer.MinLevel(H264Level.Level1b, H264Level.Level1));
    }

    [Fact]
    public void GetPacketizationMode_DefaultsToZero()
    {
        Assert.Equal(0, H264OfferAnswer.GetPacketizationMode(FormatParameters.Empty));
        Assert.False(H264OfferAnswer.IsLevelAsymmetryAllowed(P("level-asymmetry-allowed=0")));
    }
}
