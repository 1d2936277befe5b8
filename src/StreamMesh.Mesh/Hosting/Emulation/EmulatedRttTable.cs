using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace StreamMesh.Mesh.Hosting.Emulation;

/// <summary>
/// The site-pair round-trip times a node emulates (Node:EmulatedRttFile): which IPv4 subnets belong
/// to which site and the RTT between each pair of sites. Emulation only — this kernel has no netem,
/// so tests and tools give each site its own loopback subnet (127.0.1.0/24, 127.0.2.0/24 …) and
/// every node delays its own sends.
/// </summary>
/// <remarks>
/// Format, one rule per line, <c>#</c> starts a comment:
/// <code>
/// subnet,127.0.1.0/24,eu      address → site (IPv4; the longest prefix wins)
/// rtt,eu,us,90                RTT between two sites in ms (symmetric)
/// rtt,eu,eu,2                 RTT inside a site
/// </code>
/// Pairs without a rule have no added latency. Site names are case-insensitive.
/// </remarks>
public sealed class EmulatedRttTable
{
    private readonly List<(uint Network, uint Mask, int Prefix, int Site)> _subnets = [];
    private readonly List<string> _sites = [];
    private readonly Dictionary<(int, int), double> _rttMs = [];

    /// <summary>Site names in first-seen order; a site's index is its position.</summary>
    public IReadOnlyList<string> Sites => _sites;

    /// <summary>Reads a table file.</summary>
    /// <exception cref="ArgumentException">A line is not a valid rule (with its line number).</exception>
    public static EmulatedRttTable Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Parses a table.</summary>
    /// <exception cref="ArgumentException">A line is not a valid rule (with its line number).</exception>
    public static EmulatedRttTable Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var table = new EmulatedRttTable();
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            int comment = line.IndexOf('#', StringComparison.Ordinal);
            if (comment >= 0)
            {
                line = line[..comment];
            }

            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',', StringSplitOptions.TrimEntries);
            if (!table.TryAddRule(fields))
            {
                throw new ArgumentException($"emulated RTT table, line {i + 1}: expected 'subnet,A.B.C.D/N,SITE' or 'rtt,SITE,SITE,MS' (got '{line}')");
            }
        }

        return table;
    }

    /// <summary>Index of <paramref name="site"/>, or -1 when the table does not know it.</summary>
    public int IndexOf(string? site)
    {
        if (string.IsNullOrWhiteSpace(site))
        {
            return -1;
        }

        for (int i = 0; i < _sites.Count; i++)
        {
            if (string.Equals(_sites[i], site.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Site index of an IPv4 address in host order (longest prefix), or -1.</summary>
    public int SiteOf(uint address)
    {
        int best = -1;
        int bestPrefix = -1;
        foreach (var (network, mask, prefix, site) in _subnets)
        {
            if ((address & mask) == network && prefix > bestPrefix)
            {
                best = site;
                bestPrefix = prefix;
            }
        }

        return best;
    }

    /// <summary>Site index of an address (IPv4 or IPv4-mapped IPv6), or -1.</summary>
    public int SiteOf(IPAddress? address)
    {
        if (address is null)
        {
            return -1;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return -1;
        }

        Span<byte> bytes = stackalloc byte[4];
        return address.TryWriteBytes(bytes, out _) ? SiteOf(BinaryPrimitives.ReadUInt32BigEndian(bytes)) : -1;
    }

    /// <summary>RTT between two site indexes; zero when either is unknown or no rule covers the pair.</summary>
    public TimeSpan Rtt(int siteA, int siteB) =>
        siteA >= 0 && siteB >= 0 && _rttMs.TryGetValue(Key(siteA, siteB), out var ms) ? TimeSpan.FromMilliseconds(ms) : TimeSpan.Zero;

    private static (int, int) Key(int a, int b) => a <= b ? (a, b) : (b, a);

    private int Intern(string site)
    {
        int index = IndexOf(site);
        if (index >= 0)
        {
            return index;
        }

        _sites.Add(site);
        return _sites.Count - 1;
    }

    private bool TryAddRule(string[] fields)
    {
        switch (fields[0].ToLowerInvariant())
        {
            case "subnet" when fields.Length == 3 && fields[2].Length > 0:
                if (!IPNetwork.TryParse(fields[1], out var network) || network.BaseAddress.AddressFamily != AddressFamily.InterNetwork)
                {
                    return false;
                }

                Span<byte> bytes = stackalloc byte[4];
                network.BaseAddress.TryWriteBytes(bytes, out _);
                uint mask = network.PrefixLength == 0 ? 0 : uint.MaxValue << (32 - network.PrefixLength);
                _subnets.Add((BinaryPrimitives.ReadUInt32BigEndian(bytes) & mask, mask, network.PrefixLength, Intern(fields[2])));
                return true;
            case "rtt" when fields.Length == 4 && fields[1].Length > 0 && fields[2].Length > 0:
                if (!double.TryParse(fields[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) || !(ms is >= 0 and <= 10_000))
                {
                    return false;
                }

                _rttMs[Key(Intern(fields[1]), Intern(fields[2]))] = ms;
                return true;
            default:
                return false;
        }
    }
}
