using System.Net;

namespace StreamMesh.Topology.Sites;

/// <summary>
/// Enterprise-eCDN style site rules: which subnets form which site, which sites are receive-only
/// (they may watch but never relay, e.g. VPN pools) and which sites may feed which across a site
/// boundary. Same-site links are always allowed between peers of a site that may relay.
/// Immutable and thread-safe. Site names are case-insensitive and kept lower-case.
/// </summary>
public sealed class SitePolicy
{
    /// <summary>Wildcard usable on either side of a feed rule.</summary>
    public const string AnySite = "*";

    /// <summary>Site given to peers whose address matches no subnet when the policy names none.</summary>
    public const string InternetSite = "internet";

    private readonly SiteSubnet[] _subnetsLongestFirst;
    private readonly HashSet<string> _receiveOnly;
    private readonly HashSet<(string Parent, string Child)> _feeds;

    /// <summary>Creates a policy. Cross-site links need a feed rule when <paramref name="restrictCrossSite"/> is true.</summary>
    /// <param name="subnets">Subnet-to-site rows; the longest matching prefix wins.</param>
    /// <param name="receiveOnlySites">Sites whose peers never get children.</param>
    /// <param name="feedRules">Allowed cross-site (parent site → child site) links.</param>
    /// <param name="defaultSite">Site of peers whose address matches no subnet.</param>
    /// <param name="restrictCrossSite">False means every cross-site link is allowed (no site map loaded).</param>
    public SitePolicy(IEnumerable<SiteSubnet> subnets, IEnumerable<string> receiveOnlySites, IEnumerable<SiteFeedRule> feedRules, string defaultSite, bool restrictCrossSite)
    {
        ArgumentNullException.ThrowIfNull(subnets);
        ArgumentNullException.ThrowIfNull(receiveOnlySites);
        ArgumentNullException.ThrowIfNull(feedRules);
        if (!SiteName.IsValid(defaultSite))
        {
            throw new ArgumentException($"'{defaultSite}' is not a valid site name.", nameof(defaultSite));
        }

        _subnetsLongestFirst = [.. subnets.Select(s => s with { Site = SiteName.Normalize(s.Site) }).OrderByDescending(s => s.Subnet.PrefixLength)];
        _receiveOnly = new HashSet<string>(receiveOnlySites.Select(SiteName.Normalize), StringComparer.Ordinal);
        FeedRules = [.. feedRules.Select(r => new SiteFeedRule(NormalizeOrAny(r.ParentSite), NormalizeOrAny(r.ChildSite)))];
        _feeds = new HashSet<(string, string)>(FeedRules.Select(r => (r.ParentSite, r.ChildSite)));
        DefaultSite = SiteName.Normalize(defaultSite);
        RestrictsCrossSite = restrictCrossSite;
    }

    /// <summary>No site map: every peer is on <see cref="InternetSite"/> unless told otherwise and any peer may feed any other.</summary>
    public static SitePolicy AllowAll { get; } = new([], [], [], InternetSite, restrictCrossSite: false);

    /// <summary>Site of peers whose address matches no subnet.</summary>
    public string DefaultSite { get; }

    /// <summary>When true, a cross-site link needs a matching <see cref="FeedRules"/> entry.</summary>
    public bool RestrictsCrossSite { get; }

    /// <summary>Subnet rows, longest prefix first.</summary>
    public IReadOnlyList<SiteSubnet> Subnets => _subnetsLongestFirst;

    /// <summary>Receive-only sites.</summary>
    public IReadOnlyCollection<string> ReceiveOnlySites => _receiveOnly;

    /// <summary>Cross-site permissions.</summary>
    public IReadOnlyList<SiteFeedRule> FeedRules { get; }

    /// <summary>
    /// The site of a peer: the explicit site when one is given, else the longest-prefix subnet match of
    /// <paramref name="address"/>, else <see cref="DefaultSite"/>.
    /// </summary>
    public string ResolveSite(IPAddress? address, string? explicitSite)
    {
        if (!string.IsNullOrWhiteSpace(explicitSite))
        {
            return SiteName.Normalize(explicitSite);
        }

        if (address is not null)
        {
            foreach (SiteSubnet row in _subnetsLongestFirst)
            {
                if (row.Subnet.Contains(address))
                {
                    return row.Site;
                }
            }
        }

        return DefaultSite;
    }

    /// <summary>True when peers of <paramref name="site"/> may never have children.</summary>
    public bool IsReceiveOnly(string site) => _receiveOnly.Contains(site);

    /// <summary>
    /// True when a peer of <paramref name="parentSite"/> may feed a peer of <paramref name="childSite"/>:
    /// the parent's site must not be receive-only, and a cross-site link needs a feed rule
    /// (exact, or with "*" on either side) unless the policy does not restrict cross-site links.
    /// </summary>
    public bool MayFeed(string parentSite, string childSite)
    {
        if (_receiveOnly.Contains(parentSite))
        {
            return false;
        }

        if (!RestrictsCrossSite || string.Equals(parentSite, childSite, StringComparison.Ordinal))
        {
            return true;
        }

        return _feeds.Contains((parentSite, childSite))
            || _feeds.Contains((parentSite, AnySite))
            || _feeds.Contains((AnySite, childSite))
            || _feeds.Contains((AnySite, AnySite));
    }

    private static string NormalizeOrAny(string site) => site == AnySite ? AnySite : SiteName.Normalize(site);
}
