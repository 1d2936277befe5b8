using StreamMesh.Rtc.Sdp;

namespace StreamMesh.Rtc.Tests.Sdp;

public class MediaDescriptionTests
{
    private static MediaDescription NewVideo() => new("video", 9, "UDP/TLS/RTP/SAVPF", []);

    [Fact]
    public void DirectionSetter_ExistingDirection_ReplacedInPlace()
    {
        MediaDescription media = SdpFixture.Parse("chrome-whep-recvonly-offer.sdp").Media[1];
        int position = media.Attributes.IndexOf("recvonly");

        media.Direction = SdpDirection.SendOnly;

        Assert.Equal(SdpDirection.SendOnly, media.Direction);
        Assert.Equal(position, media.Attributes.IndexOf("sendonly"));
        Assert.False(media.Attributes.Contains("recvonly"));
    }

    [Fact]
    public void DirectionSetter_Null_RemovesAttribute()
    {
        MediaDescription media = NewVideo();
        media.Direction = SdpDirection.Inactive;

        media.Direction = null;

        Assert.Null(media.Direction);
        Assert.Empty(media.Attributes);
    }

    [Fact]
    public void TypedSetters_WriteExpectedAttributes()
    {
        MediaDescription media = NewVideo();

        media.Mid = "v";
        media.IceUfrag = "ufrag";
        media.IcePwd = "password";
        media.Setup = SdpSetupRole.Passive;
        media.RtcpMux = true;
        media.RtcpReducedSize = true;
        media.RtcpMux = true;
        media.Mid = "v2";

        Assert.Equal(["mid:v2", "ice-ufrag:ufrag", "ice-pwd:password", "setup:passive", "rtcp-mux", "rtcp-rsize"], media.Attributes.Select(a => a.ToString()));
        media.RtcpReducedSize = false;
        media.IceUfrag = null;
        Assert.Equal(["mid:v2", "ice-pwd:password", "setup:passive", "rtcp-mux"], media.Attributes.Select(a => a.ToString()));
    }

    [Fact]
    public void AddCandidate_BrowserForm_StripsPrefixAndStaysBeforeEndOfCandidates()
    {
        MediaDescription media = NewVideo();
        media.AddCandidate("1 1 udp 2130706431 192.0.2.1 5000 typ host");
        media.EndOfCandidates = true;

        media.AddCandidate("candidate:2 1 udp 1694498815 198.51.100.7 6000 typ srflx raddr 192.0.2.1 rport 5000");

        Assert.Equal(
            ["candidate:1 1 udp 2130706431 192.0.2.1 5000 typ host", "candidate:2 1 udp 1694498815 198.51.100.7 6000 typ srflx raddr 192.0.2.1 rport 5000", "end-of-candidates"],
            media.Attributes.Select(a => a.ToString()));
        Assert.Equal(2, media.Candidates.Count);
    }

    [Fact]
    public void AddPayloadFormat_WritesRtpmapFeedbackAndFmtp()
    {
        MediaDescription media = NewVideo();

        media.AddPayloadFormat(
            new SdpRtpMap(102, "H264", 90000),
            FormatParameters.Parse("packetization-mode=1;profile-level-id=42e01f"),
            [RtcpFeedback.Nack, RtcpFeedback.NackPli]);

        Assert.Equal(["102"], media.Formats);
        Assert.Equal(
            ["rtpmap:102 H264/90000", "rtcp-fb:102 nack", "rtcp-fb:102 nack pli", "fmtp:102 packetization-mode=1;profile-level-id=42e01f"],
            media.Attributes.Select(a => a.ToString()));
        SdpPayloadFormat format = media.GetPayloadFormat(102)!;
        Assert.Equal("42e01f", format.Parameters.GetValueOrDefault("PROFILE-LEVEL-ID"));
    }

    [Fact]
    public void TypedViews_SkipMalformedValuesAddedInCode()
    {
        MediaDescription media = NewVideo();
        media.Formats.Add("96");
        media.Attributes.Add("rtpmap", "96 VP8/90000");
        media.Attributes.Add("rtpmap", "not a map");
        media.Attributes.Add("extmap", "99999 urn:x");
        media.Attributes.Add("setup", "whenever");

        Assert.Single(media.RtpMaps);
        Assert.Empty(media.Extmaps);
        Assert.Null(media.Setup);
    }

    [Fact]
    public void Constructor_InvalidValues_Throw()
    {
        Assert.Throws<ArgumentException>(() => new MediaDescription("vid eo", 9, "RTP/AVP", ["0"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MediaDescription("video", 65536, "RTP/AVP", ["0"]));
        Assert.Throws<ArgumentException>(() => new MediaDescription("video", 9, "", ["0"]));
        Assert.Throws<ArgumentException>(() => new SdpAttribute("bad name"));
        Assert.Throws<ArgumentException>(() => new SdpAttribute("mid", "a\r\nv=0"));
    }

    [Fact]
    public void AttributeListSet_RemovesLaterDuplicates()
    {
        var list = new SdpAttributeList();
        list.Add("x", "1");
        list.Add("y");
        list.Add("x", "2");

        list.Set("x", "3");

        Assert.Equal(["x:3", "y"], list.Select(a => a.ToString()));
        Assert.True(list.TryGetValue("y", out string? flagValue));
        Assert.Null(flagValue);
        Assert.False(list.TryGetValue("z", out _));
    }

    [Fact]
    public void SessionAddCandidate_NoMid_GoesToFirstAcceptedBundledSection()
    {
        SessionDescription offer = SdpFixture.Parse("firefox-recvonly-offer.sdp");
        offer.Media[0].Port = 0;
        offer.Media[0].Attributes.RemoveAll("bundle-only");

        offer.AddCandidate("9 1 udp 1 192.0.2.9 9999 typ host");
        offer.MarkEndOfCandidates();

        Assert.Equal("9 1 udp 1 192.0.2.9 9999 typ host", offer.Media[1].Candidates.Single());
        Assert.True(offer.Media[1].EndOfCandidates);
        Assert.Throws<ArgumentException>(() => offer.AddCandidate("1 1 udp 1 192.0.2.1 1 typ host", "nope"));
    }
}
