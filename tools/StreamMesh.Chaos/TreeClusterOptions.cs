namespace StreamMesh.Chaos;

/// <summary>
/// Shape of a tree on one machine: sites (each on its own loopback subnet 127.0.N.0/24, N = 1, 2 …),
/// origins and relays per site, capacities, the emulated RTTs and the tracker's heartbeat timing.
/// </summary>
public sealed record TreeClusterOptions
{
    /// <summary>Path of streammesh.dll; default: next to this assembly.</summary>
    public string StreamMeshDll { get; init; } = Path.Combine(AppContext.BaseDirectory, "streammesh.dll");

    public string Stream { get; init; } = "demo";

    /// <summary>Site names; site i uses 127.0.(i+1).0/24.</summary>
    public IReadOnlyList<string> Sites { get; init; } = ["eu", "us"];

    /// <summary>Site of each origin (all pull the same test source).</summary>
    public IReadOnlyList<string> OriginSites { get; init; } = ["eu", "us"];

    /// <summary>Site of each relay, in start order.</summary>
    public IReadOnlyList<string> RelaySites { get; init; } = ["eu", "us", "eu", "us"];

    public int OriginMaxChildren { get; init; } = 2;

    public int RelayMaxChildren { get; init; } = 30;

    /// <summary>RTT between two different sites, ms (default: RIPE Atlas mean DE–US, 113.6 ms).</summary>
    public double CrossSiteRttMs { get; init; } = 114;

    /// <summary>RTT inside a site, ms.</summary>
    public double SameSiteRttMs { get; init; } = 2;

    /// <summary>False: no latency emulation (every node is equally near).</summary>
    public bool EmulateLatency { get; init; } = true;

    public double HeartbeatIntervalSeconds { get; init; } = 0.5;

    public double HeartbeatTimeoutSeconds { get; init; } = 1.5;

    /// <summary>Source arguments of every origin; a small picture keeps a whole tree affordable on 2 cores.</summary>
    public IReadOnlyList<string> OriginSourceArguments { get; init; } = ["--source", "testsrc", "--width", "640", "--height", "360", "--bitrate", "800", "--fps", "30"];

    /// <summary>Start each relay only after the previous one attached (a predictable tree).</summary>
    public bool StartRelaysInOrder { get; init; } = true;

    /// <summary>The tracker's Tracker:OriginSlotsReservedForRelays; null keeps its default (docs/relay-tree.md, "Slots for relays").</summary>
    public int? OriginSlotsReservedForRelays { get; init; }

    /// <summary>Further tracker arguments, e.g. <c>--Tracker:ImprovementBatch=0</c> to hold a test's tree still.</summary>
    public IReadOnlyList<string> TrackerArguments { get; init; } = [];

    public TimeSpan NodeStartTimeout { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>The RTT table the nodes load (--emulate-rtt), see docs/chaos.md.</summary>
    public string RttTable()
    {
        var lines = new List<string> { "# written by StreamMesh.Chaos: latency EMULATION for a tree on one machine" };
        for (int i = 0; i < Sites.Count; i++)
        {
            lines.Add($"subnet,127.0.{i + 1}.0/24,{Sites[i]}");
        }

        for (int i = 0; i < Sites.Count; i++)
        {
            for (int j = i; j < Sites.Count; j++)
            {
                var ms = i == j ? SameSiteRttMs : CrossSiteRttMs;
                lines.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"rtt,{Sites[i]},{Sites[j]},{ms}"));
            }
        }

        return string.Join('\n', lines) + "\n";
    }

    public void Validate()
    {
        if (Sites.Count is < 1 or > 200)
        {
            throw new ArgumentException("Sites must name 1 to 200 sites.", nameof(Sites));
        }

        foreach (var site in OriginSites.Concat(RelaySites))
        {
            if (!Sites.Contains(site, StringComparer.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"site '{site}' is not one of {string.Join(", ", Sites)}", nameof(Sites));
            }
        }

        if (OriginSites.Count < 1)
        {
            throw new ArgumentException("at least one origin is needed", nameof(OriginSites));
        }

        if (OriginMaxChildren < 1 || RelayMaxChildren < 1)
        {
            throw new ArgumentException("capacities must be at least 1", nameof(OriginMaxChildren));
        }

        if (!File.Exists(StreamMeshDll))
        {
            throw new ArgumentException($"streammesh.dll not found at {StreamMeshDll}", nameof(StreamMeshDll));
        }
    }
}
