using System.Net;
using StreamMesh.Rtc.Ice;

namespace StreamMesh.Rtc.Tests.Ice;

public class IceCandidateTests
{
    [Fact]
    public void TryParse_ChromiumServerReflexiveWithExtensions_ReadsEveryField()
    {
        const string line = "candidate:842163049 1 udp 1677729535 198.51.100.7 56143 typ srflx raddr 10.0.0.5 rport 56143 generation 0 ufrag EsQ3 network-id 1 network-cost 10";

        Assert.True(IceCandidate.TryParse(line, out IceCandidate? candidate));

        Assert.Equal("842163049", candidate.Foundation);
        Assert.Equal(1, candidate.Component);
        Assert.Equal("udp", candidate.Transport);
        Assert.Equal(1677729535u, candidate.Priority);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.7"), 56143), candidate.EndPoint);
        Assert.Equal(IceCandidateType.ServerReflexive, candidate.Type);
        Assert.Equal("10.0.0.5", candidate.RelatedAddress);
        Assert.Equal(56143, candidate.RelatedPort);
        Assert.Equal(
            [new("generation", "0"), new("ufrag", "EsQ3"), new("network-id", "1"), new("network-cost", "10")],
            candidate.Extensions);
        Assert.True(candidate.IsUdp);
        Assert.False(candidate.IsMdnsHostname);
    }

    [Theory]
    [InlineData("candidate:1 1 UDP 2130706431 192.0.2.1 5000 typ host")]
    [InlineData("a=candidate:1 1 udp 2130706431 192.0.2.1 5000 typ host")]
    [InlineData("1 1 udp 2130706431 192.0.2.1 5000 typ host")]
    [InlineData("  candidate:1 1 udp 2130706431 192.0.2.1   5000 typ host  ")]
    public void TryParse_AcceptedForms_AllGiveTheSameCandidate(string text)
    {
        Assert.True(IceCandidate.TryParse(text, out IceCandidate? candidate));

        Assert.Equal("candidate:1 1 udp 2130706431 192.0.2.1 5000 typ host", candidate.ToSdpAttributeValue());
    }

    [Fact]
    public void TryParse_TcpCandidate_ParsesButIsNotUdp()
    {
        Assert.True(IceCandidate.TryParse("candidate:3 1 tcp 1518280447 192.0.2.1 9 typ host tcptype active generation 0", out IceCandidate? candidate));

        Assert.False(candidate.IsUdp);
        Assert.Equal(9, candidate.Port);
        Assert.Contains(new KeyValuePair<string, string>("tcptype", "active"), candidate.Extensions);
    }

    [Fact]
    public void TryParse_MdnsHostname_ParsesWithoutEndPoint()
    {
        Assert.True(IceCandidate.TryParse("candidate:2 1 udp 2122260223 4ee9bc1b-6b11-4e5a-9ab5-0ccd7e0b1c7a.local 54321 typ host generation 0 network-id 1", out IceCandidate? candidate));

        Assert.True(candidate.IsMdnsHostname);
        Assert.Null(candidate.EndPoint);
        Assert.Null(candidate.IPAddress);
    }

    [Fact]
    public void TryParse_IPv6PeerReflexive_ParsesAddressUnbracketed()
    {
        Assert.True(IceCandidate.TryParse("candidate:9 1 udp 1845501695 2001:db8::7 50000 typ prflx raddr 2001:db8::1 rport 40000", out IceCandidate? candidate));

        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::7"), 50000), candidate.EndPoint);
        Assert.Equal(IceCandidateType.PeerReflexive, candidate.Type);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("candidate:")]
    [InlineData("candidate:1 1 udp 2130706431 192.0.2.1 5000 host")]            // "typ" missing
    [InlineData("candidate:1 1 udp 2130706431 192.0.2.1 5000 type host")]       // wrong keyword
    [InlineData("candidate:1 1 udp 2130706431 192.0.2.1 5000 typ turn")]        // unknown type
    [InlineData("candidate:1 1 udp -5 192.0.2.1 5000 typ host")]                // negative priority
    [InlineData("candidate:1 1 udp 99999999999 192.0.2.1 5000 typ host")]       // priority over 32 bits
    [InlineData("candidate:1 1 udp 2130706431 192.0.2.1 70000 typ host")]       // port out of range
    [InlineData("candidate:1 0 udp 2130706431 192.0.2.1 5000 typ host")]        // component 0
    [InlineData("candidate:1 257 udp 2130706431 192.0.2.1 5000 typ host")]      // component over 256
    [InlineData("candidate:f*o 1 udp 2130706431 192.0.2.1 5000 typ host")]      // not ice-chars
    [InlineData("candidate:123456789012345678901234567890123 1 udp 1 192.0.2.1 5000 typ host")] // foundation > 32
    [InlineData("candidate:1 1 udp 2130706431 192.0.2.1 5000 typ host generation")] // dangling extension name
    [InlineData("candidate:1 1 udp 2130706431 192.0.2.1 5000 typ srflx raddr 10.0.0.1 rport x")]
    public void TryParse_Malformed_ReturnsFalseWithoutException(string? text)
    {
        Assert.False(IceCandidate.TryParse(text, out IceCandidate? candidate));
        Assert.Null(candidate);
    }

    [Fact]
    public void Parse_Malformed_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => IceCandidate.Parse("candidate:nonsense"));
    }

    [Fact]
    public void ToSdpAttributeValue_ParsedChromiumLine_RoundTripsExactly()
    {
        const string line = "candidate:4234997325 1 udp 2122260223 192.168.1.17 58416 typ host generation 0 ufrag aBcD network-id 1";

        Assert.Equal(line, IceCandidate.Parse(line).ToSdpAttributeValue());
    }

    [Fact]
    public void TryParse_RandomTokens_NeverThrows()
    {
        string[] vocabulary = ["candidate:1", "1", "udp", "tcp", "typ", "host", "srflx", "raddr", "rport", "x", "", "-1", "65536", "1.2.3.4", "::1", "a.local", "generation"];
        var random = new Random(8839);
        for (int i = 0; i < 5000; i++)
        {
            string text = string.Join(' ', Enumerable.Range(0, random.Next(0, 14)).Select(_ => vocabulary[random.Next(vocabulary.Length)]));
            IceCandidate.TryParse(text, out _);
        }
    }
}
