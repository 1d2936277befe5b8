using System.Net;
using System.Text;
using StreamMesh.Fuzz.Engine;
using StreamMesh.Topology.Sites;

namespace StreamMesh.Fuzz.Targets;

/// <summary>
/// The tracker's site map CSV (docs/tracker-api.md "Site map"): <see cref="SiteMapCsv.TryParse(string, out SitePolicy?, out string?)"/>
/// on the bytes read as Latin-1, then the parsed policy resolves addresses and answers feed questions, as the tracker
/// does for every joiner. Property: every subnet that was accepted contains its own network address and maps to a
/// declared or default site; resolving and MayFeed never throw.
/// </summary>
public sealed class SiteCsvTarget : FuzzTarget
{
    private static readonly IPAddress[] Probes =
    [
        IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.250.9"), IPAddress.Parse("172.20.3.4"), IPAddress.Parse("192.0.2.1"),
        IPAddress.Parse("2001:db8:100::5"), IPAddress.Parse("::ffff:10.0.0.1"), IPAddress.IPv6Loopback, IPAddress.Any,
    ];

    private static readonly byte[][] Tokens =
    [
        .. new[]
        {
            "site,", "subnet,", "feed,", "default,", "kind,arg1,arg2", ",relay", ",receive-only", ",*", "*", "#", "\n", "\r\n", ",", "/",
            "/0", "/32", "/33", "/128", "/129", "/-1", "0.0.0.0", "255.255.255.255", "::", "::ffff:1.2.3.4", "2001:db8::/32", "10.0.0.0/8",
            "1.2.3.4/24", "hq", "HQ", "internet", "\"", "\t", " ",
        }.Select(Encoding.ASCII.GetBytes),
    ];

    public override string Name => "site-csv";

    public override string Description => "SiteMapCsv.TryParse, SitePolicy.ResolveSite over 8 addresses, MayFeed between every declared site pair (≤ 8)";

    public override bool IsText => true;

    public override int MaxInputLength => 8192;

    public override IReadOnlyList<byte[]> Dictionary => Tokens;

    public override IReadOnlyList<byte[]> CreateSeeds(ulong seed)
    {
        string example = """
            # StreamMesh site map
            kind,arg1,arg2
            site,hq,relay
            site,cloud,relay
            site,region-emea,relay
            site,branch-paris,relay
            site,vpn,receive-only
            site,home,receive-only
            subnet,10.0.0.0/16,hq
            subnet,10.0.250.0/23,vpn          # VPN pool inside the HQ range
            subnet,172.20.0.0/16,cloud
            subnet,10.11.1.0/24,branch-paris
            subnet,2001:db8:100::/48,hq
            feed,hq,*
            feed,cloud,*
            feed,region-emea,branch-paris
            default,home
            """;
        string[] small =
        [
            "site,a\nsite,b\nfeed,a,b\nsubnet,192.0.2.0/24,a\n",
            "kind,arg1,arg2\r\nsite,hq,relay\r\ndefault,hq\r\n",
            "subnet,::/0,x\nsite,x,relay\n",
            "site,vpn,receive-only\nsubnet,0.0.0.0/0,vpn\nfeed,*,*\n",
            "# only a comment\n",
            string.Empty,
        ];
        return [Encoding.Latin1.GetBytes(example), .. small.Select(Encoding.Latin1.GetBytes)];
    }

    // The policy holds every accepted line; linear in the input.
    public override long AllocationBound(int inputLength) => (64 * 1024) + (300L * inputLength);

    public override int Execute(ReadOnlySpan<byte> input)
    {
        if (!SiteMapCsv.TryParse(Encoding.Latin1.GetString(input), out SitePolicy? policy, out string? error))
        {
            return error.Length == 0 ? throw new InvalidOperationException("a refusal without a reason") : 0;
        }

        int outcome = 1 | (Math.Min(policy.Subnets.Count, 15) << 1) | (policy.RestrictsCrossSite ? 32 : 0) | (Math.Min(policy.FeedRules.Count, 7) << 6);
        foreach (SiteSubnet row in policy.Subnets)
        {
            if (!row.Subnet.Contains(row.Subnet.Network))
            {
                throw new InvalidOperationException($"subnet {row.Subnet.Network}/{row.Subnet.PrefixLength} does not contain its own network address");
            }

            if (string.IsNullOrEmpty(row.Site))
            {
                throw new InvalidOperationException("a subnet maps to an empty site");
            }
        }

        var sites = new List<string>(8) { policy.DefaultSite };
        foreach (IPAddress address in Probes)
        {
            string site = policy.ResolveSite(address, null);
            if (sites.Count < 8 && !sites.Contains(site))
            {
                sites.Add(site);
            }
        }

        int feeds = 0;
        foreach (string parent in sites)
        {
            foreach (string child in sites)
            {
                feeds += policy.MayFeed(parent, child) ? 1 : 0;
            }
        }

        return outcome | (Math.Min(sites.Count, 7) << 9) | (feeds > 0 ? 1 << 12 : 0) | (policy.ReceiveOnlySites.Count > 0 ? 1 << 13 : 0);
    }
}
