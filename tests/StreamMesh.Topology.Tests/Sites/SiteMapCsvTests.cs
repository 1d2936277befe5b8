using System.Net;
using StreamMesh.Topology.Sites;

namespace StreamMesh.Topology.Tests.Sites;

public class SiteMapCsvTests
{
    private const string Example = """
        kind,arg1,arg2
        # HQ feeds everyone; the region feeds its branch; VPN users only watch.
        site,hq,relay
        site,region-emea
        site,branch-paris
        site,vpn,receive-only
        subnet,10.0.0.0/16,hq
        subnet,10.0.99.0/24,vpn      # carved out of the HQ range: longest prefix wins
        subnet,10.10.0.0/16,region-emea
        subnet,10.11.0.0/24,branch-paris
        feed,hq,*
        feed,region-emea,branch-paris
        default,Home
        """;

    [Fact]
    public void TryParse_Example_ResolvesSitesByLongestPrefix()
    {
        Assert.True(SiteMapCsv.TryParse(Example, out SitePolicy? policy, out string? error), error);

        Assert.Equal("hq", policy.ResolveSite(IPAddress.Parse("10.0.1.5"), null));
        Assert.Equal("vpn", policy.ResolveSite(IPAddress.Parse("10.0.99.5"), null));
        Assert.Equal("branch-paris", policy.ResolveSite(IPAddress.Parse("10.11.0.9"), null));
        Assert.Equal("home", policy.ResolveSite(IPAddress.Parse("198.51.100.1"), null));
        Assert.Equal("region-emea", policy.ResolveSite(IPAddress.Parse("10.0.1.5"), "Region-EMEA"));
    }

    [Fact]
    public void MayFeed_Example_FollowsRulesAndReceiveOnly()
    {
        SitePolicy policy = SiteMapCsv.Parse(Example);

        Assert.True(policy.MayFeed("hq", "branch-paris"));
        Assert.True(policy.MayFeed("region-emea", "branch-paris"));
        Assert.True(policy.MayFeed("branch-paris", "branch-paris"));
        Assert.False(policy.MayFeed("branch-paris", "region-emea"));
        Assert.False(policy.MayFeed("region-emea", "home"));
        Assert.False(policy.MayFeed("vpn", "vpn"));
        Assert.True(policy.MayFeed("hq", "vpn"));
        Assert.True(policy.IsReceiveOnly("vpn"));
    }

    [Fact]
    public void AllowAll_AnySites_MayFeed()
    {
        Assert.True(SitePolicy.AllowAll.MayFeed("a", "b"));
        Assert.Equal(SitePolicy.InternetSite, SitePolicy.AllowAll.ResolveSite(IPAddress.Loopback, null));
    }

    [Theory]
    [InlineData("site,hq,relay\nsite,hq,relay", "line 2")]
    [InlineData("subnet,10.0.0.0/33,hq", "line 1")]
    [InlineData("\n\nsubnet,10.0.0.0/8", "line 3")]
    [InlineData("site,bad name", "line 1")]
    [InlineData("feed,hq", "line 1")]
    [InlineData("route,hq,branch", "unknown kind")]
    [InlineData("site,vpn,sometimes", "neither relay nor receive-only")]
    [InlineData("subnet,10.0.0.0/8,a\nsubnet,10.1.0.0/8,b", "listed twice")]
    public void TryParse_BadLine_ReportsLineAndReason(string csv, string expected)
    {
        Assert.False(SiteMapCsv.TryParse(csv, out _, out string? error));

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_ExampleFileInConfig_Parses()
    {
        string path = Path.Combine(RepositoryRoot(), "config", "sites.example.csv");

        Assert.True(SiteMapCsv.TryParse(File.ReadAllText(path), out SitePolicy? policy, out string? error), error);
        Assert.NotEmpty(policy.Subnets);
        Assert.NotEmpty(policy.ReceiveOnlySites);
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StreamMesh.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("StreamMesh.sln not found above the test binaries");
    }
}
