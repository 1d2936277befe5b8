using System.Net;
using StreamMesh.Mesh.Hosting.Emulation;

namespace StreamMesh.Mesh.Tests.Hosting;

public sealed class EmulatedRttTableTests
{
    private const string Table = """
        # two sites on their own loopback subnets
        subnet,127.0.1.0/24,eu
        subnet,127.0.2.0/24,us
        subnet,127.0.2.128/25,us-east   # longer prefix wins
        rtt,eu,us,90
        rtt,EU,eu,2
        """;

    [Fact]
    public void Parse_SubnetsAndPairs_SiteByLongestPrefixAndSymmetricRtt()
    {
        var table = EmulatedRttTable.Parse(Table);
        int eu = table.IndexOf("eu");
        int us = table.IndexOf("US");

        Assert.Equal(eu, table.SiteOf(IPAddress.Parse("127.0.1.7")));
        Assert.Equal(us, table.SiteOf(IPAddress.Parse("127.0.2.7")));
        Assert.Equal(table.IndexOf("us-east"), table.SiteOf(IPAddress.Parse("127.0.2.200")));
        Assert.Equal(-1, table.SiteOf(IPAddress.Parse("127.0.0.1")));
        Assert.Equal(TimeSpan.FromMilliseconds(90), table.Rtt(us, eu));
        Assert.Equal(TimeSpan.FromMilliseconds(2), table.Rtt(eu, eu));
        Assert.Equal(TimeSpan.Zero, table.Rtt(us, us));
        Assert.Equal(TimeSpan.Zero, table.Rtt(eu, -1));
    }

    [Theory]
    [InlineData("subnet,127.0.1.0/33,eu")]
    [InlineData("subnet,not-an-address,eu")]
    [InlineData("rtt,eu,us")]
    [InlineData("rtt,eu,us,-5")]
    [InlineData("latency,eu,us,5")]
    public void Parse_BadLine_ThrowsNamingTheLine(string line)
    {
        var error = Assert.Throws<ArgumentException>(() => EmulatedRttTable.Parse("rtt,a,b,1\n" + line));
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SendDelayPolicy_DestinationInOtherSite_HalfTheRtt()
    {
        var table = EmulatedRttTable.Parse(Table);
        var policy = new SiteLatencySendDelayPolicy(table, table.IndexOf("eu"));

        Assert.Equal(TimeSpan.FromMilliseconds(45), policy.GetDelay(new IPEndPoint(IPAddress.Parse("127.0.2.1"), 9).Serialize()));
        Assert.Equal(TimeSpan.FromMilliseconds(1), policy.GetDelay(new IPEndPoint(IPAddress.Parse("127.0.1.9"), 9).Serialize()));
        Assert.Equal(TimeSpan.Zero, policy.GetDelay(new IPEndPoint(IPAddress.Loopback, 9).Serialize()));
        var mapped = new IPEndPoint(IPAddress.Parse("127.0.2.1").MapToIPv6(), 9).Serialize();
        Assert.Equal(TimeSpan.FromMilliseconds(45), policy.GetDelay(mapped));
    }
}
