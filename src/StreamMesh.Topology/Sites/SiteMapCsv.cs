using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace StreamMesh.Topology.Sites;

/// <summary>
/// Reads a site map CSV into a <see cref="SitePolicy"/>. One rule per line, "#" starts a comment:
/// <code>
/// kind,arg1,arg2
/// site,hq,relay                 # declare a site; relay (default) or receive-only
/// site,vpn-pool,receive-only
/// subnet,10.0.0.0/16,hq         # addresses in the prefix belong to the site (longest prefix wins)
/// feed,hq,*                     # peers of hq may feed peers of any site
/// feed,region-emea,branch-paris # an explicit cross-site link
/// default,internet              # site of addresses no subnet matches (default "internet")
/// </code>
/// A loaded map restricts cross-site links to the feed rules; an optional first line "kind,..." is a header.
/// </summary>
public static class SiteMapCsv
{
    /// <summary>Parses the text of a site map; returns false with a message naming the line on any error.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out SitePolicy? policy, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        return TryParse(reader, out policy, out error);
    }

    /// <summary>Parses a site map from a reader; returns false with a message naming the line on any error.</summary>
    public static bool TryParse(TextReader reader, [NotNullWhen(true)] out SitePolicy? policy, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(reader);
        policy = null;
        var subnets = new List<SiteSubnet>();
        var seenSubnets = new HashSet<IpSubnet>();
        var receiveOnly = new List<string>();
        var declared = new HashSet<string>(StringComparer.Ordinal);
        var feeds = new List<SiteFeedRule>();
        string defaultSite = SitePolicy.InternetSite;
        int lineNumber = 0;
        bool firstRule = true;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            int hash = line.IndexOf('#', StringComparison.Ordinal);
            string content = (hash >= 0 ? line[..hash] : line).Trim();
            if (content.Length == 0)
            {
                continue;
            }

            string[] fields = content.Split(',');
            for (int i = 0; i < fields.Length; i++)
            {
                fields[i] = fields[i].Trim();
            }

            string kind = fields[0].ToUpperInvariant();
            bool isHeader = firstRule && kind == "KIND";
            firstRule = false;
            if (isHeader)
            {
                continue;
            }

            string? problem = kind switch
            {
                "SITE" => ReadSite(fields, declared, receiveOnly),
                "SUBNET" => ReadSubnet(fields, subnets, seenSubnets),
                "FEED" => ReadFeed(fields, feeds),
                "DEFAULT" => ReadDefault(fields, ref defaultSite),
                _ => $"unknown kind '{fields[0]}' (expected site, subnet, feed or default)",
            };
            if (problem is not null)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"site map line {lineNumber}: {problem}");
                return false;
            }
        }

        policy = new SitePolicy(subnets, receiveOnly, feeds, defaultSite, restrictCrossSite: true);
        error = null;
        return true;
    }

    /// <summary>Parses a site map or throws <see cref="FormatException"/> naming the bad line.</summary>
    public static SitePolicy Parse(string text) =>
        TryParse(text, out SitePolicy? policy, out string? error) ? policy : throw new FormatException(error);

    private static string? ReadSite(string[] fields, HashSet<string> declared, List<string> receiveOnly)
    {
        if (fields.Length is < 2 or > 3 || !SiteName.IsValid(fields[1]))
        {
            return "expected site,NAME[,relay|receive-only]";
        }

        string name = SiteName.Normalize(fields[1]);
        if (!declared.Add(name))
        {
            return $"site '{name}' is declared twice";
        }

        string mode = fields.Length == 3 ? fields[2].ToUpperInvariant() : "RELAY";
        switch (mode)
        {
            case "RELAY" or "":
                return null;
            case "RECEIVE-ONLY" or "RECEIVEONLY":
                receiveOnly.Add(name);
                return null;
            default:
                return $"site mode '{fields[2]}' is neither relay nor receive-only";
        }
    }

    private static string? ReadSubnet(string[] fields, List<SiteSubnet> subnets, HashSet<IpSubnet> seen)
    {
        if (fields.Length != 3)
        {
            return "expected subnet,CIDR,SITE";
        }

        if (!IpSubnet.TryParse(fields[1], out IpSubnet? subnet))
        {
            return $"'{fields[1]}' is not a CIDR prefix";
        }

        if (!SiteName.IsValid(fields[2]))
        {
            return $"'{fields[2]}' is not a valid site name";
        }

        if (!seen.Add(subnet))
        {
            return $"subnet {subnet} is listed twice";
        }

        subnets.Add(new SiteSubnet(subnet, SiteName.Normalize(fields[2])));
        return null;
    }

    private static string? ReadFeed(string[] fields, List<SiteFeedRule> feeds)
    {
        if (fields.Length != 3)
        {
            return "expected feed,PARENT-SITE,CHILD-SITE";
        }

        foreach (string site in fields.AsSpan(1))
        {
            if (site != SitePolicy.AnySite && !SiteName.IsValid(site))
            {
                return $"'{site}' is neither a site name nor *";
            }
        }

        feeds.Add(new SiteFeedRule(fields[1], fields[2]));
        return null;
    }

    private static string? ReadDefault(string[] fields, ref string defaultSite)
    {
        if (fields.Length != 2 || !SiteName.IsValid(fields[1]))
        {
            return "expected default,SITE";
        }

        defaultSite = SiteName.Normalize(fields[1]);
        return null;
    }
}
