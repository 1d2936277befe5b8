using System.Diagnostics;
using StreamMesh.Simulator;
using StreamMesh.Simulator.Engine;
using StreamMesh.Simulator.Metrics;
using StreamMesh.Simulator.Underlays;

var options = new SimulationOptions { Peers = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture), Underlay = args.Length > 1 ? args[1] : "ripe" };
IUnderlay underlay = options.Underlay == "ripe" ? new RipeUnderlay(options.DataDirectory, null, "DE") : new EnterpriseUnderlay(new Random(options.Seed));
var sw = Stopwatch.StartNew();
BuildResult built = RankedTreeBuilder.Build(options, underlay);
Console.WriteLine($"build {sw.Elapsed}, join phase {built.JoinPhaseWall}, library {built.Session.LibraryJoinTime}, joins {built.Session.Joins} refused {built.Session.Refused}");
TreeMetrics m = TreeMetricsCalculator.Compute("ranked", built.Session);
Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(m));
Console.WriteLine(VivaldiAccuracy.Measure(built.Session, 20000));
{
    var s2 = built.Session;
    var t = Stopwatch.StartNew(); s2.HeartbeatAll(); Console.WriteLine($"heartbeat round {t.Elapsed}");
    t.Restart(); for (int i = 0; i < 10; i++) s2.Tree.Improve(1000); Console.WriteLine($"10 ticks improve {t.Elapsed}");
    t.Restart(); for (int i = 0; i < 10; i++) s2.Tree.ExpireSilentPeers(); Console.WriteLine($"10 expire {t.Elapsed}");
    var ripe = underlay as RipeUnderlay;
    var byCountry = new Dictionary<string, List<double>>();
    var byParentRole = new Dictionary<string, List<double>>();
    var origin = built.Peers[0];
    foreach (var node in s2.Tree.Members)
    {
        if (node.Parent is null) continue;
        double path = 0; var cur = node;
        while (cur.Parent is { } par) { path += underlay.Rtt(s2.Of(cur), s2.Of(par)) / 2; cur = par; }
        double rdp = path / (underlay.Rtt(origin, s2.Of(node)) / 2);
        string cc = ripe?.CountryOf(s2.Of(node)) ?? "x";
        (byCountry.TryGetValue(cc, out var l) ? l : byCountry[cc] = new()).Add(rdp);
        string pr = node.Parent.Role.ToString() + (node.Role == StreamMesh.Topology.Tree.PeerRole.Relay ? "->relay" : "");
        (byParentRole.TryGetValue(pr, out var l2) ? l2 : byParentRole[pr] = new()).Add(rdp);
    }
    foreach (var kv in byCountry.OrderByDescending(k => k.Value.Count).Take(25)) { var sm = Summary.Of(kv.Value); Console.Write($"{kv.Key}:{sm.Count} m{sm.Mean:F2} p90 {sm.P90:F2} | "); }
    Console.WriteLine();
    var relayDepth = new int[12]; foreach (var n in s2.Tree.Members) if (n.Role == StreamMesh.Topology.Tree.PeerRole.Relay) relayDepth[n.Depth]++;
    Console.WriteLine("relay depths " + string.Join(",", relayDepth));
    int shown = 0;
    foreach (var node in s2.Tree.Members)
    {
        if (node.Parent is null || ripe!.CountryOf(s2.Of(node)) != "DE" || node.Role == StreamMesh.Topology.Tree.PeerRole.Relay || shown++ > 12) continue;
        var chain = new List<string>(); var cur = node; while (cur is not null) { chain.Add($"{cur.Id}[{ripe.CountryOf(s2.Of(cur))} d{cur.Depth} p{cur.PathLatencyMs:F0}]"); cur = cur.Parent; }
        Console.WriteLine($"direct {underlay.Rtt(origin, s2.Of(node))/2:F1} budget-ish: " + string.Join(" <- ", chain));
    }
    foreach (var kv in byParentRole) { var sm = Summary.Of(kv.Value); Console.WriteLine($"{kv.Key}: {sm}"); }
}
NearestAudit a = built.Session.Audit;
Console.WriteLine($"audit {a.Samples} exact {(double)a.Exact / a.Samples:P1} within10 {(double)a.Within10Percent / a.Samples:P1} ratio {a.RatioSum / a.Samples:F3}");
foreach (var policy in Array.Empty<BaselineTreeBuilder.Policy>())
{
    sw.Restart();
    BuildResult b = BaselineTreeBuilder.Build(options, underlay, policy);
    Console.WriteLine($"{policy} {sw.Elapsed} " + System.Text.Json.JsonSerializer.Serialize(TreeMetricsCalculator.Compute(policy.ToString(), b.Session)));
}
return 0;
