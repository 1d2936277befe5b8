using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StreamMesh.Mesh.Hosting;
using StreamMesh.Mesh.Security;
using StreamMesh.Mesh.Tree;

namespace StreamMesh.Mesh.Tests.Security;

public class SecurityOptionsTests
{
    private const string Key = "standalone-operator-key-0123456789abcdef";

    [Fact]
    public void LimitsOptions_Defaults_Valid()
    {
        new LimitsOptions().Validate();
    }

    [Theory]
    [InlineData(nameof(LimitsOptions.MaxViewers))]
    [InlineData(nameof(LimitsOptions.SessionsPerSecondPerAddress))]
    [InlineData(nameof(LimitsOptions.SessionBurstPerAddress))]
    [InlineData(nameof(LimitsOptions.MaxRequestBodyBytes))]
    [InlineData(nameof(LimitsOptions.HandshakeTimeoutSeconds))]
    [InlineData(nameof(LimitsOptions.IdleTimeoutSeconds))]
    public void LimitsOptions_OutOfRange_ThrowsNamingTheKey(string key)
    {
        LimitsOptions bad = key switch
        {
            nameof(LimitsOptions.MaxViewers) => new LimitsOptions { MaxViewers = -1 },
            nameof(LimitsOptions.SessionsPerSecondPerAddress) => new LimitsOptions { SessionsPerSecondPerAddress = double.NaN },
            nameof(LimitsOptions.SessionBurstPerAddress) => new LimitsOptions { SessionBurstPerAddress = 0 },
            nameof(LimitsOptions.MaxRequestBodyBytes) => new LimitsOptions { MaxRequestBodyBytes = 100 },
            nameof(LimitsOptions.HandshakeTimeoutSeconds) => new LimitsOptions { HandshakeTimeoutSeconds = 0 },
            _ => new LimitsOptions { IdleTimeoutSeconds = double.PositiveInfinity },
        };

        var ex = Assert.Throws<ArgumentException>(bad.Validate);
        Assert.Contains("Limits:" + key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AdminOptions_ShortTokenOrRelativePattern_Throws()
    {
        Assert.Throws<ArgumentException>(new AdminOptions { Token = "short" }.Validate);
        Assert.Throws<ArgumentException>(new AdminOptions { Token = "long-enough-admin-token", ProtectedPaths = "/dashboard,metrics" }.Validate);
        new AdminOptions { Token = "long-enough-admin-token", ProtectedPaths = "/dashboard,/metrics" }.Validate();
    }

    [Fact]
    public void NodeHttpsOptions_MissingFiles_ThrowClearly()
    {
        var ex = Assert.Throws<ArgumentException>(new NodeOptions { Https = new NodeHttpsOptions { CertificatePath = "/nonexistent/node.pfx" } }.Validate);
        Assert.Contains("Node:Https:CertificatePath", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(new NodeHttpsOptions { KeyPath = "/tmp/key.pem" }.Validate);
        Assert.Equal("http", new NodeOptions().Scheme);
    }

    [Fact]
    public void NodeAccessOptions_PrivateStreamWithoutKey_Throws()
    {
        Assert.Throws<ArgumentException>(new NodeAccessOptions { PrivateStreams = "concert" }.Validate);
        new NodeAccessOptions { ViewerTokenKey = Key, PrivateStreams = "concert" }.Validate();
    }

    [Fact]
    public void TreeMembership_StandaloneNodeWithPrivateStream_AdmitsOnlyValidViewerTokens()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero));
        using var membership = new TreeMembership(
            Options.Create(new TreeOptions()),
            Options.Create(new NodeOptions()),
            time,
            NullLoggerFactory.Instance,
            Options.Create(new NodeAccessOptions { ViewerTokenKey = Key, PrivateStreams = "concert" }));
        string token = new ViewerTokenKey(Key, time).Issue(new ViewerTokenClaims("concert", time.GetUtcNow().AddHours(1)));

        Assert.Null(membership.AdmitAndCount($"Bearer {token}", "concert"));
        Assert.Null(membership.AdmitAndCount(null, "lobby"));
        Assert.Contains("private", membership.AdmitAndCount(null, "concert"), StringComparison.Ordinal);
        Assert.Contains("expired", membership.AdmitAndCount("Bearer " + new ViewerTokenKey(Key, time).Issue(new ViewerTokenClaims("concert", time.GetUtcNow().AddHours(-1))), "concert"), StringComparison.Ordinal);
        Assert.Equal(2, membership.TicketsRefused);
    }
}
