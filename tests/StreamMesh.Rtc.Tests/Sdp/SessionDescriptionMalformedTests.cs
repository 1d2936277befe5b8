using StreamMesh.Rtc.Sdp;

namespace StreamMesh.Rtc.Tests.Sdp;

public class SessionDescriptionMalformedTests
{
    private const string Head = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n";

    /// <summary>Input, expected failing line, and a fragment the message must contain.</summary>
    public static TheoryData<string, int, string> MalformedInputs => new()
    {
        { "o=- 1 1 IN IP4 0.0.0.0\r\nv=0\r\ns=-\r\nt=0 0\r\n", 1, "expected 'v='" },
        { "v=1\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n", 1, "version must be 0" },
        { "v=0\r\no=- 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n", 2, "o= needs" },
        { "v=0\r\no=- abc 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n", 2, "o= needs" },
        { "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\nt=0 0\r\ns=-\r\n", 3, "expected 's='" },
        { "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nm=audio 9 RTP/AVP 0\r\n", 4, "missing t=" },
        { Head + "x=unknown\r\n", 5, "unknown line type 'x='" },
        { Head + "hello world\r\n", 5, "not a '<type>=<value>' line" },
        { Head + "A=upper\r\n", 5, "not a '<type>=<value>' line" },
        { Head + "m=audio 9 UDP/TLS/RTP/SAVPF\r\n", 5, "at least one <fmt>" },
        { Head + "m=audio nine UDP/TLS/RTP/SAVPF 111\r\n", 5, "port 'nine' is not a number" },
        { Head + "m=audio -9 UDP/TLS/RTP/SAVPF 111\r\n", 5, "port '-9' is not a number" },
        { Head + "m=audio 70000 UDP/TLS/RTP/SAVPF 111\r\n", 5, "port '70000'" },
        { Head + "m=audio 9/0 UDP/TLS/RTP/SAVPF 111\r\n", 5, "number of ports" },
        { Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111 opus\r\n", 5, "format 'opus' is not an RTP payload type" },
        { Head + "m=audio 9 UDP/TLS/RTP/SAVPF 128\r\n", 5, "format '128'" },
        { Head + "m=audio 9 UDP/TLS/RTP/SAVPF  111\r\n", 5, "empty format" },
        { Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nt=0 0\r\n", 6, "not allowed inside a media section" },
        { Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\nc=IN IP4 0.0.0.0\r\n", 7, "out of order" },
        { "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nc=IN IP4 0.0.0.0\r\n", 5, "out of order" },
        { Head + "r=7d 1h\r\na=x\r\nr=1d 1h\r\n", 7, "r= must follow a t= line" },
        { "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nr=7d 1h\r\nt=0 0\r\n", 4, "r= must follow a t= line" },
        { "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\n", 5, "more than once" },
        { "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nc=IN IP4\r\nt=0 0\r\n", 4, "c= needs" },
        { "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nb=AS\r\nt=0 0\r\n", 4, "b= needs" },
        { "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0\r\n", 4, "t= needs" },
        { Head + "a=group:BUNDLE 0\r\n\r\na=ice-lite\r\n", 6, "empty line inside" },
        { Head + "a=ice-lite\rx\r\n", 5, "carriage return" },
        { Head + "a=\r\n", 5, "attribute name '' is not a token" },
        { Head + "a=bad name:1\r\n", 5, "is not a token" },
        { Head + "a=setup:sometimes\r\n", 5, "a=setup must be" },
        { Head + "a=sendonly:yes\r\n", 5, "takes no value" },
        { Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=sendonly\r\na=recvonly\r\n", 7, "direction attribute appears more than once" },
        { Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=mid:1\r\n", 7, "a=mid appears more than once" },
        { Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\n", 8, "mid '0' is used by more than one" },
        { Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus\r\n", 6, "a=rtpmap needs" },
        { Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/fast/2\r\n", 6, "a=rtpmap needs" },
        { Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\na=rtpmap:111 PCMU/8000\r\n", 7, "more than one a=rtpmap" },
        { Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=fmtp:x minptime=10\r\n", 6, "a=fmtp needs" },
        { Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtcp-fb:111\r\n", 6, "a=rtcp-fb needs" },
        { Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=extmap:0 urn:x\r\n", 6, "a=extmap needs" },
        { Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=extmap:256 urn:x\r\n", 6, "a=extmap needs" },
        { Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=extmap:1/sideways urn:x\r\n", 6, "a=extmap needs" },
        { Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=extmap:1 urn:x\r\na=extmap:1 urn:y\r\n", 7, "extmap id 1 is used twice" },
        { Head + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=ssrc:abc cname:x\r\n", 6, "a=ssrc needs" },
        { Head + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=ssrc:4294967296 cname:x\r\n", 6, "a=ssrc needs" },
        { Head + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=ssrc-group:FID\r\n", 6, "a=ssrc-group needs" },
        { Head + "a=fingerprint:sha-256\r\n", 5, "a=fingerprint needs" },
        { Head + "a=ice-ufrag:two words\r\n", 5, "a=ice-ufrag needs" },
        { Head + "a=ice-ufrag:abcd\r\na=ice-ufrag:efgh\r\n", 6, "a=ice-ufrag appears more than once" },
        { Head + "a=msid-semantic:\r\n", 5, "a=msid-semantic needs" },
        { Head + "a=group:\r\n", 5, "a=group needs" },
    };

    [Theory]
    [MemberData(nameof(MalformedInputs))]
    public void Parse_MalformedInput_ThrowsWithLineNumberAndReason(string sdp, int line, string reason)
    {
        SdpParseException exception = Assert.Throws<SdpParseException>(() => SessionDescription.Parse(sdp));

        Assert.Equal(line, exception.LineNumber);
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
        Assert.StartsWith($"SDP line {line}: ", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(MalformedInputs))]
    public void TryParse_MalformedInput_ReturnsFalseWithSameError(string sdp, int line, string reason)
    {
        bool parsed = SessionDescription.TryParse(sdp, out SessionDescription? description, out SdpParseError? error);

        Assert.False(parsed);
        Assert.Null(description);
        Assert.Equal(line, error!.LineNumber);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void TryParse_Empty_ReturnsFalse(string? sdp)
    {
        Assert.False(SessionDescription.TryParse(sdp, out _, out SdpParseError? error));
        Assert.Equal(0, error.LineNumber);
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LongerThanCap_IsRejectedBeforeParsing()
    {
        string huge = Head + string.Concat(Enumerable.Repeat("a=x-padding:0123456789abcdef0123456789abcdef\r\n", 2000));

        SdpParseException exception = Assert.Throws<SdpParseException>(() => SessionDescription.Parse(huge));

        Assert.Equal(0, exception.LineNumber);
        Assert.Contains($"SDP is {huge.Length} characters long, more than the 65536 allowed", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Utf8LongerThanCap_IsRejectedBeforeDecoding()
    {
        byte[] huge = new byte[70_000];

        Assert.False(SessionDescription.TryParse(huge, out _, out SdpParseError? error));
        Assert.Contains("70000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CustomCap_AppliesToInput()
    {
        string sdp = SdpFixture.Load("chrome-whep-recvonly-offer.sdp");
        var small = new SdpParserOptions { MaxLength = 1024 };

        Assert.False(SessionDescription.TryParse(sdp, out _, out SdpParseError? error, small));
        Assert.Contains("1024", error.Message, StringComparison.Ordinal);
        Assert.True(SessionDescription.TryParse(sdp, out _, out _));
    }

    [Fact]
    public void Parse_TooManyMediaSections_IsRejected()
    {
        string sdp = Head + string.Concat(Enumerable.Range(0, 5).Select(i => $"m=audio 9 RTP/AVP 0\r\na=mid:{i}\r\n"));
        var options = new SdpParserOptions { MaxMediaSections = 4 };

        Assert.False(SessionDescription.TryParse(sdp, out _, out SdpParseError? error, options));
        Assert.Equal(13, error.LineNumber);
        Assert.Contains("more than 4 m= sections", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LongOffendingLine_IsTruncatedInMessage()
    {
        string sdp = Head + "a=setup:" + new string('z', 500) + "\r\n";

        SdpParseException exception = Assert.Throws<SdpParseException>(() => SessionDescription.Parse(sdp));

        Assert.True(exception.Message.Length < 250, exception.Message);
        Assert.EndsWith("...\"", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void ParserOptionsValidate_OutOfRange_Throws(int maxLength)
    {
        var options = new SdpParserOptions { MaxLength = maxLength };

        Assert.Throws<ArgumentException>(options.Validate);
        Assert.Throws<ArgumentException>(() => SessionDescription.TryParse(Head, out _, out _, options));
    }

    [Fact]
    public void Parse_NonRtpSectionWithNamedFormat_IsAccepted()
    {
        string sdp = Head + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:2\r\na=sctp-port:5000\r\n";

        MediaDescription media = SessionDescription.Parse(sdp).Media[0];

        Assert.Equal(SdpMediaKind.Application, media.Kind);
        Assert.False(media.IsRtp);
        Assert.Equal(["webrtc-datachannel"], media.Formats);
        Assert.Empty(media.PayloadTypes);
    }
}
