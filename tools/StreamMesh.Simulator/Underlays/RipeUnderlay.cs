using StreamMesh.Topology.Sites;
using StreamMesh.Topology.Tree;

namespace StreamMesh.Simulator.Underlays;

/// <summary>
/// Internet underlay built on RIPE Atlas country-to-country RTTs. A host has a country, an access-link delay and a
/// position in a unit square standing for the country's extent:
/// <list type="bullet">
/// <item>different countries: RTT = max(avg(c1, c2) − 2·<see cref="ProbeAccessMs"/>, 1) + access1 + access2;</item>
/// <item>same country: RTT = access1 + access2 + S_c·|p1 − p2|, with S_c chosen so the mean over random pairs of RIPE-like
/// hosts equals that country's measured same-country average.</item>
/// </list>
/// Relays and the origin are datacentre hosts (access 0.5–1.5 ms); viewers sit behind home or mobile links
/// (log-normal, median 6 ms, clipped to 1–80 ms).
/// </summary>
public sealed class RipeUnderlay : IUnderlay
{
    /// <summary>Access-link share assumed inside every RIPE Atlas measurement, ms.</summary>
    public const double ProbeAccessMs = 5;

    // Mean distance of two uniform points in the unit square.
    private const double MeanUnitSquareDistance = 0.5214;

    private readonly CountryRttTable _table;
    private readonly double[] _base;
    private readonly double[] _scale;
    private readonly WeightedPicker _picker;
    private readonly int _originZone;
    private readonly int _n;

    /// <summary>Loads the RTT table and placement weights.</summary>
    public RipeUnderlay(string dataDirectory, string? weightsPath, string originCountry)
    {
        IReadOnlyList<(string Code, double Weight)> weights = CountryWeights.Load(weightsPath ?? Path.Combine(dataDirectory, "country_weights.csv"));
        var codes = weights.Select(w => w.Code).ToList();
        if (!codes.Contains(originCountry))
        {
            codes.Add(originCountry);
        }

        _table = CountryRttTable.Load(dataDirectory, codes);
        _n = codes.Count;
        _originZone = codes.IndexOf(originCountry);
        _base = new double[_n * _n];
        _scale = new double[_n];
        for (int a = 0; a < _n; a++)
        {
            for (int b = 0; b < _n; b++)
            {
                _base[(a * _n) + b] = a == b ? 0 : Math.Max(_table.Average(a, b) - (2 * ProbeAccessMs), 1);
            }

            _scale[a] = Math.Max(_table.IntraAverage[a] - (2 * ProbeAccessMs), 1) / MeanUnitSquareDistance;
        }

        _picker = new WeightedPicker([.. weights.Select(w => w.Weight)]);
        Countries = [.. weights.Select(w => w.Code)];
        OriginCountry = originCountry;
    }

    /// <inheritdoc />
    public string Name => "ripe";

    /// <inheritdoc />
    public SitePolicy Policy => SitePolicy.AllowAll;

    /// <inheritdoc />
    public string? SiteMapText => null;

    /// <summary>Countries peers are placed in.</summary>
    public IReadOnlyList<string> Countries { get; }

    /// <summary>Where the origin (and the tracker) run.</summary>
    public string OriginCountry { get; }

    /// <summary>Country pairs filled by a detour estimate.</summary>
    public int FilledPairs => _table.FilledPairs;

    /// <inheritdoc />
    public IReadOnlyList<SimPeer> CreatePeers(int count, PopulationMix mix, Random random)
    {
        ArgumentNullException.ThrowIfNull(mix);
        ArgumentNullException.ThrowIfNull(random);
        var peers = new List<SimPeer>(count);
        var origin = new SimPeer(0, "origin-0", PeerRole.Origin, mix.OriginCapacity);
        PlaceServer(origin, _originZone, random);
        peers.Add(origin);
        int relays = Math.Max(1, (int)Math.Round(count * mix.RelayFraction));
        for (int i = 0; i < relays && peers.Count < count; i++)
        {
            var relay = new SimPeer(peers.Count, $"relay-{i}", PeerRole.Relay, mix.RelayCapacity);
            PlaceServer(relay, _picker.Next(random), random);
            peers.Add(relay);
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
        bool relayCapable = random.NextDouble() < mix.RelayCapableFraction;
        SimPeer peer = relayCapable
            ? new SimPeer(index, $"rcv-{index}", PeerRole.RelayCapableViewer, 1 + random.Next(mix.ViewerCapacityMax))
            : new SimPeer(index, $"viewer-{index}", PeerRole.Viewer, 0);
        peer.Zone = _picker.Next(random);
        peer.Access = Math.Clamp(6 * Math.Exp(0.7 * Gaussian(random)), 1, 80);
        peer.X = random.NextDouble();
        peer.Y = random.NextDouble();
        return peer;
    }

    /// <inheritdoc />
    public double Rtt(SimPeer a, SimPeer b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (ReferenceEquals(a, b))
        {
            return 0;
        }

        if (a.Zone != b.Zone)
        {
            return _base[(a.Zone * _n) + b.Zone] + a.Access + b.Access;
        }

        double dx = a.X - b.X;
        double dy = a.Y - b.Y;
        return a.Access + b.Access + (_scale[a.Zone] * Math.Sqrt((dx * dx) + (dy * dy)));
    }

    /// <inheritdoc />
    public bool IsLinkAllowed(SimPeer parent, SimPeer child) => true;

    /// <inheritdoc />
    public string SiteOf(SimPeer peer) => SitePolicy.InternetSite;

    /// <summary>Country code of a host.</summary>
    public string CountryOf(SimPeer peer) => _table.Codes[peer.Zone];

    internal static double Gaussian(Random random)
    {
        // Box–Muller.
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static void PlaceServer(SimPeer peer, int zone, Random random)
    {
        peer.Zone = zone;
        peer.Access = 0.5 + random.NextDouble();
        peer.X = random.NextDouble();
        peer.Y = random.NextDouble();
    }
}
