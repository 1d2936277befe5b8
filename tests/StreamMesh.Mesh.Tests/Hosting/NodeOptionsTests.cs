using System.Net;
using StreamMesh.Mesh.Hosting;
using StreamMesh.Mesh.Origin;

namespace StreamMesh.Mesh.Tests.Hosting;

public sealed class NodeOptionsTests
{
    [Theory]
    [InlineData("127.0.0.1:8080", "127.0.0.1", 8080)]
    [InlineData("0.0.0.0:80", "0.0.0.0", 80)]
    [InlineData("[::1]:9000", "::1", 9000)]
    [InlineData("localhost:8081", "127.0.0.1", 8081)]
    public void ParseHostPort_ValidValues_GivesEndPoint(string value, string address, int port)
    {
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), NodeOptions.ParseHostPort(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("8080")]
    [InlineData("example.com:8080")]
    [InlineData("127.0.0.1:99999")]
    [InlineData("127.0.0.1:-1")]
    public void Validate_BadHttp_ThrowsWithTheKeyInTheMessage(string value)
    {
        var ex = Assert.Throws<ArgumentException>(() => new NodeOptions { Http = value }.Validate());
        Assert.Contains("Node:Http", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UdpBindAddress_Unset_FollowsTheHttpHost()
    {
        Assert.Equal(IPAddress.Loopback, new NodeOptions { Http = "127.0.0.1:1" }.UdpBindAddress);
        Assert.Equal(IPAddress.Parse("10.1.2.3"), new NodeOptions { Http = "127.0.0.1:1", UdpBind = "10.1.2.3" }.UdpBindAddress);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Validate_LossOutOfRange_Throws(double loss)
    {
        Assert.Throws<ArgumentException>(() => new NodeOptions { InjectedRtpLoss = loss }.Validate());
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("")]
    [InlineData("../etc")]
    public void OriginValidate_BadStreamName_Throws(string name)
    {
        Assert.Throws<ArgumentException>(() => new OriginOptions { Stream = name }.Validate());
    }

    [Fact]
    public void OriginValidate_Defaults_Pass()
    {
        new OriginOptions().Validate();
        new NodeOptions().Validate();
    }
}
