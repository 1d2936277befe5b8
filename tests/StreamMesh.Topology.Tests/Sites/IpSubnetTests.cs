using System.Net;
using StreamMesh.Topology.Sites;

namespace StreamMesh.Topology.Tests.Sites;

public class IpSubnetTests
{
    [Theory]
    [InlineData("10.1.0.0/16", "10.1.255.7", true)]
    [InlineData("10.1.0.0/16", "10.2.0.1", false)]
    [InlineData("192.168.4.0/22", "192.168.7.255", true)]
    [InlineData("192.168.4.0/22", "192.168.8.0", false)]
    [InlineData("0.0.0.0/0", "203.0.113.9", true)]
    [InlineData("10.0.0.5/32", "10.0.0.5", true)]
    [InlineData("10.0.0.5/32", "10.0.0.6", false)]
    [InlineData("2001:db8::/32", "2001:db8:1::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("10.1.0.0/16", "::ffff:10.1.2.3", true)]
    [InlineData("10.1.0.0/16", "2001:db8::1", false)]
    public void Contains_Address_MatchesPrefix(string cidr, string address, bool expected)
    {
        IpSubnet subnet = IpSubnet.Parse(cidr);

        Assert.Equal(expected, subnet.Contains(IPAddress.Parse(address)));
    }

    [Fact]
    public void TryParse_HostBitsSet_ClearsThem()
    {
        Assert.True(IpSubnet.TryParse("10.1.2.3/16", out IpSubnet? subnet));

        Assert.Equal("10.1.0.0/16", subnet.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("10.0.0.0")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("2001:db8::/129")]
    [InlineData("not-an-ip/8")]
    [InlineData("/8")]
    [InlineData("10.0.0.0/8/9")]
    public void TryParse_Malformed_ReturnsFalse(string text)
    {
        Assert.False(IpSubnet.TryParse(text, out _));
    }
}
