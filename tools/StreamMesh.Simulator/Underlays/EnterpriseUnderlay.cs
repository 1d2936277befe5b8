using System.Globalization;
using System.Net;
using System.Text;
using StreamMesh.Topology.Sites;
using StreamMesh.Topology.Tree;

namespace StreamMesh.Simulator.Underlays;

/// <summary>
/// A synthetic enterprise: HQ (with the origin and a datacentre), four regional offices with eight branches each,
/// a cloud region serving home workers, and a VPN pool whose users tunnel through HQ. Sites form a hub tree
/// (hq–region 15/80/170/120 ms, region–branch 3–25 ms, hq–cloud 4 ms, cloud–internet 2 ms); RTT between two
/// hosts = access1 + access2 + hub-tree distance of their sites. Office hosts sit on a LAN (0.1–0.5 ms access),
/// home workers behind broadband (8–40 ms), VPN users behind their tunnel to HQ (10–60 ms).
/// The tracker receives a generated site map CSV (subnets per site, VPN and home receive-only, HQ feeds all,
/// each region feeds its branches, cloud feeds home) and resolves every host's site from its address.
/// </summary>
public sealed class EnterpriseUnderlay : IUnderlay
{
    private const int Hq = 0;
    private const int Cloud = 1;
    private const int Vpn = 2;
    private const int Home = 3;
    private const int FirstRegion = 4;
    private const int BranchesPerRegion = 8;

    private static readonly string[] RegionNames = ["emea", "amer", "apac", "latam"];
    private static readonly double[] RegionRtt = [15, 80, 170, 120];

    private readonly string[] _sites;
    private readonly double[] _distance;
    private readonly int[] _regionOf;
    private readonly HashSet<(int Parent, int Child)> _feeds = [];
    private readonly int[] _addressCounter;
    private readonly WeightedPicker _viewerZones;
    private readonly int _zones;

    /// <summary>Builds the site graph (branch links drawn from <paramref name="random"/>) and the site map.</summary>
    public EnterpriseUnderlay(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        int regions = RegionNames.Length;
        _zones = FirstRegion + regions + (regions * BranchesPerRegion);
        _sites = new string[_zones];
        _regionOf = new int[_zones];
        var parent = new int[_zones];
        var edge = new double[_zones];
        _sites[Hq] = "hq";
        _sites[Cloud] = "cloud";
        _sites[Vpn] = "vpn";
        _sites[Home] = "home";
        parent[Hq] = -1;
        parent[Cloud] = Hq;
        edge[Cloud] = 4;
        parent[Vpn] = Hq;
        parent[Home] = Cloud;
        edge[Home] = 2;
        for (int r = 0; r < regions; r++)
        {
            int z = FirstRegion + r;
            _sites[z] = $"region-{RegionNames[r]}";
            parent[z] = Hq;
            edge[z] = RegionRtt[r];
            for (int b = 0; b < BranchesPerRegion; b++)
            {
                int bz = BranchZone(r, b);
                _sites[bz] = $"branch-{RegionNames[r]}-{b + 1}";
                parent[bz] = z;
                edge[bz] = 3 + (random.NextDouble() * 22);
                _regionOf[bz] = z;
                _feeds.Add((z, bz));
            }
        }

        _feeds.Add((Cloud, Home));
        _distance = HubDistances(parent, edge);
        _addressCounter = new int[_zones];

        // Viewer placement: HQ 12 %, each regional office 5 %, branches 40 % (uneven sizes), home 18 %, VPN 10 %.
        var weights = new double[_zones];
        weights[Hq] = 0.12;
        weights[Home] = 0.18;
        weights[Vpn] = 0.10;
        double[] branchSizes = [.. Enumerable.Range(0, regions * BranchesPerRegion).Select(_ => 0.5 + random.NextDouble())];
        for (int r = 0; r < regions; r++)
        {
            weights[FirstRegion + r] = 0.05;
            for (int b = 0; b < BranchesPerRegion; b++)
            {
                weights[BranchZone(r, b)] = 0.40 * branchSizes[(r * BranchesPerRegion) + b] / branchSizes.Sum();
            }
        }

        _viewerZones = new WeightedPicker(weights);
        SiteMapText = BuildSiteMap();
        Policy = SiteMapCsv.Parse(SiteMapText);
    }

    /// <inheritdoc />
    public string Name => "enterprise";

    /// <inheritdoc />
    public SitePolicy Policy { get; }

    /// <inheritdoc />
    public string? SiteMapText { get; }

    /// <inheritdoc />
    public IReadOnlyList<SimPeer> CreatePeers(int count, PopulationMix mix, Random random)
    {
        ArgumentNullException.ThrowIfNull(mix);
        ArgumentNullException.ThrowIfNull(random);
        var peers = new List<SimPeer>(count);
        var origin = new SimPeer(0, "origin-0", PeerRole.Origin, 16);
        Place(origin, Hq, 0.1, random);
        peers.Add(origin);

        // eCDN nodes: a datacentre pool at HQ for the VPN pool (VPN users cannot relay and only HQ may feed them, so the
        // pool covers three times their number: a quarter of HQ failing must not starve them), cloud relays for the home
        // workers (only cloud and HQ may feed them; 1.6× headroom), two relays per regional office and one per branch.
        AddRelays(peers, Hq, Math.Max(2, (int)Math.Ceiling(0.10 * count * 3.0 / 1_000)), 1_000, random);
        AddRelays(peers, Cloud, Math.Max(2, (int)Math.Ceiling(0.18 * count * 1.6 / 2_500)), 2_500, random);
        for (int r = 0; r < RegionNames.Length; r++)
        {
            AddRelays(peers, FirstRegion + r, 2, 200, random);
            for (int b = 0; b < BranchesPerRegion; b++)
            {
                AddRelays(peers, BranchZone(r, b), 1, 100, random);
            }
        }

        while (peers.Count < count)
        {
            peers.Add(CreateArrival(peers.Count, mix, random));
        }

        return peers;
    }

    /// <inheritdoc />
    public SimPeer CreateArrival(int index, PopulationMix mix, Random random)
    {
        ArgumentNullException.ThrowIfNull(mix);
        ArgumentNullException.ThrowIfNull(random);
        int zone = _viewerZones.Next(random);
        bool office = zone is Hq || zone >= FirstRegion;

        // Peer-assisted delivery inside offices: half the desktops on the LAN can serve a few colleagues.
        SimPeer peer = office && random.NextDouble() < 0.5
            ? new SimPeer(index, $"rcv-{index}", PeerRole.RelayCapableViewer, 1 + random.Next(Math.Max(mix.ViewerCapacityMax, 8)))
            : new SimPeer(index, $"viewer-{index}", PeerRole.Viewer, 0);
        double access = zone switch
        {
            Home => 8 + (random.NextDouble() * 32),
            Vpn => 10 + (random.NextDouble() * 50),
            _ => 0.1 + (random.NextDouble() * 0.4),
        };
        Place(peer, zone, access, random);
        return peer;
    }

    /// <inheritdoc />
    public double Rtt(SimPeer a, SimPeer b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return ReferenceEquals(a, b) ? 0 : a.Access + b.Access + _distance[(a.Zone * _zones) + b.Zone];
    }

    /// <inheritdoc />
    public bool IsLinkAllowed(SimPeer parent, SimPeer child)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(child);
        if (parent.Zone is Vpn or Home)
        {
            return false;
        }

        return parent.Zone == child.Zone || parent.Zone == Hq || _feeds.Contains((parent.Zone, child.Zone));
    }

    /// <inheritdoc />
    public string SiteOf(SimPeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return _sites[peer.Zone];
    }

    private static int BranchZone(int region, int branch) => FirstRegion + RegionNames.Length + (region * BranchesPerRegion) + branch;

    private static double[] HubDistances(int[] parent, double[] edge)
    {
        int n = parent.Length;
        var rootDistance = new double[n];
        var depth = new int[n];
        for (int z = 0; z < n; z++)
        {
            for (int p = z; parent[p] >= 0; p = parent[p])
            {
                rootDistance[z] += edge[p];
                depth[z]++;
            }
        }

        var d = new double[n * n];
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b < n; b++)
            {
                int x = a;
                int y = b;
                while (depth[x] > depth[y])
                {
                    x = parent[x];
                }

                while (depth[y] > depth[x])
                {
                    y = parent[y];
                }

                while (x != y)
                {
                    x = parent[x];
                    y = parent[y];
                }

                d[(a * n) + b] = rootDistance[a] + rootDistance[b] - (2 * rootDistance[x]);
            }
        }

        return d;
    }

    private void AddRelays(List<SimPeer> peers, int zone, int count, int capacity, Random random)
    {
        for (int i = 0; i < count; i++)
        {
            var relay = new SimPeer(peers.Count, $"relay-{_sites[zone]}-{i}", PeerRole.Relay, capacity);
            Place(relay, zone, 0.05 + (random.NextDouble() * 0.15), random);
            peers.Add(relay);
        }
    }

    private void Place(SimPeer peer, int zone, double access, Random random)
    {
        peer.Zone = zone;
        peer.Access = access;
        peer.X = random.NextDouble();
        peer.Y = random.NextDouble();
        int host = ++_addressCounter[zone];
        peer.Address = new IPAddress(AddressBytes(zone, host));
    }

    private byte[] AddressBytes(int zone, int host)
    {
        byte hi = (byte)(host >> 8);
        byte lo = (byte)host;
        return zone switch
        {
            Hq => [10, 0, hi, lo],
            Cloud => [172, 16, hi, lo],
            Vpn => [10, 250, hi, lo],
            Home => [100, (byte)(64 + (host >> 16)), hi, lo],
            _ when zone < FirstRegion + RegionNames.Length => [10, (byte)(10 + zone - FirstRegion), hi, lo],
            _ => [10, (byte)(100 + zone - FirstRegion - RegionNames.Length), hi, lo],
        };
    }

    private string BuildSiteMap()
    {
        var csv = new StringBuilder();
        csv.AppendLine("kind,arg1,arg2");
        csv.AppendLine("site,hq,relay");
        csv.AppendLine("site,cloud,relay");
        csv.AppendLine("site,vpn,receive-only");
        csv.AppendLine("site,home,receive-only");
        for (int z = FirstRegion; z < _zones; z++)
        {
            csv.AppendLine(CultureInfo.InvariantCulture, $"site,{_sites[z]},relay");
        }

        csv.AppendLine("subnet,10.0.0.0/16,hq");
        csv.AppendLine("subnet,172.16.0.0/16,cloud");
        csv.AppendLine("subnet,10.250.0.0/16,vpn");
        for (int z = FirstRegion; z < _zones; z++)
        {
            byte[] b = AddressBytes(z, 0);
            csv.AppendLine(CultureInfo.InvariantCulture, $"subnet,{b[0]}.{b[1]}.0.0/16,{_sites[z]}");
        }

        csv.AppendLine("default,home");
        csv.AppendLine("feed,hq,*");
        csv.AppendLine("feed,cloud,home");
        foreach ((int parent, int child) in _feeds.Where(f => f.Parent >= FirstRegion).OrderBy(f => f.Child))
        {
            csv.AppendLine(CultureInfo.InvariantCulture, $"feed,{_sites[parent]},{_sites[child]}");
        }

        return csv.ToString();
    }
}
