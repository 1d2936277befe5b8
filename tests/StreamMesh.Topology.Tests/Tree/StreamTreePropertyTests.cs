using FsCheck.Xunit;
using StreamMesh.Topology.Coordinates;
using StreamMesh.Topology.Sites;
using StreamMesh.Topology.Tree;

namespace StreamMesh.Topology.Tests.Tree;

public class StreamTreePropertyTests
{
    private static readonly string[] Sites = ["hq", "east", "west", "vpn"];

    private static readonly SitePolicy Restricted = SiteMapCsv.Parse("""
        site,hq
        site,east
        site,west
        site,vpn,receive-only
        feed,hq,*
        feed,east,west
        """);

    [Property(MaxTest = 200, EndSize = 250)]
    public void RandomOperations_AfterEveryStep_ForestCapacitySiteAndBackupRulesHold(int[] operations, bool restrictSites, byte maxDepth)
    {
        var options = TopologyOptions.Default with
        {
            MaxDepth = 2 + (maxDepth % 5),
            BackupCount = 1 + (maxDepth % 3),
            MoveCooldown = TimeSpan.FromSeconds(maxDepth % 20),
            OriginSlotsReservedForRelays = maxDepth % 3,
        };
        var f = new TreeFixture(options, restrictSites ? Restricted : SitePolicy.AllowAll);
        var ids = new List<string>();
        int next = 0;
        Assert.True(f.Tree.AddOrigin(new PeerDeclaration("origin-0", PeerRole.Origin, 3) { Site = "hq", Coordinate = new VivaldiCoordinate(0, 0, 0.1) }).IsOk);
        ids.Add("origin-0");

        foreach (int raw in operations ?? [])
        {
            uint op = unchecked((uint)raw);
            uint arg = op / 10;
            switch (op % 10)
            {
                case 0:
                case 1:
                case 2:
                    Join(f, ids, $"p{next++}", (PeerRole)(1 + (op % 3)), arg);
                    break;
                case 3:
                    if (Pick(f, arg, includeOrigins: arg % 13 == 0) is { } leaving)
                    {
                        f.Tree.Leave(leaving.Id);
                    }

                    break;
                case 4:
                    if (Pick(f, arg, includeOrigins: false) is { } failing)
                    {
                        f.Tree.Fail(failing.Id);
                    }

                    break;
                case 5:
                    if (Pick(f, arg, includeOrigins: false) is { } reporter)
                    {
                        string suspect = arg % 3 == 0 || reporter.Parent is null ? ids[(int)(arg % (uint)ids.Count)] : reporter.Parent.Id;
                        f.Tree.ReportUnreachable(reporter.Id, [suspect]);
                    }

                    break;
                case 6:
                    f.Tree.Improve(1 + (int)(arg % 40));
                    break;
                case 7:
                    if (Pick(f, arg, includeOrigins: true) is { } beating)
                    {
                        string other = ids[(int)(arg % (uint)ids.Count)];
                        f.Tree.Heartbeat(beating.Id, new HeartbeatReport(arg % 4 == 0 ? null : arg % 200, [new RttSample(other, 1 + (arg % 150))], null));
                    }

                    break;
                case 8:
                    f.Time.Advance(TimeSpan.FromSeconds(arg % 20));
                    if (arg % 2 == 0)
                    {
                        f.Tree.ExpireSilentPeers();
                    }

                    break;
                default:
                    if (f.Tree.Origins.Count == 0 || arg % 7 == 0)
                    {
                        string id = $"origin-{next++}";
                        f.Tree.AddOrigin(new PeerDeclaration(id, PeerRole.Origin, 1 + (int)(arg % 4)) { Site = "hq", Coordinate = Coordinate(arg) });
                        ids.Add(id);
                    }

                    break;
            }

            TreeInvariants.AssertHold(f.Tree);
        }
    }

    private static void Join(TreeFixture f, List<string> ids, string id, PeerRole role, uint arg)
    {
        int capacity = role == PeerRole.Viewer ? 0 : (int)(arg % 4) + (role == PeerRole.Relay ? 1 : 0);
        var declaration = new PeerDeclaration(id, role, capacity)
        {
            Site = Sites[arg % (uint)Sites.Length],
            Coordinate = arg % 5 == 0 ? null : Coordinate(arg),
        };
        RttSample[] probes = arg % 5 == 0 && ids.Count > 0 ? [new RttSample(ids[(int)(arg % (uint)ids.Count)], 5 + (arg % 90))] : [];
        TopologyResult<JoinOffer> offer = f.Tree.Join(new JoinRequest(declaration, probes));
        ids.Add(id);
        if (!offer.IsOk || offer.Value!.Candidates.Count == 0)
        {
            return;
        }

        // Sometimes confirm a lower-ranked candidate, sometimes one that is not offered at all.
        IReadOnlyList<ParentCandidate> candidates = offer.Value.Candidates;
        string preferred = arg % 11 == 0 ? ids[(int)(arg % (uint)ids.Count)] : candidates[(int)(arg % (uint)candidates.Count)].PeerId;
        TopologyResult<Attachment> attached = f.Tree.Confirm(new ConfirmRequest(id, [preferred], []));
        foreach (PeerMove displaced in attached.Value?.Displaced ?? [])
        {
            // Pre-emption: a leaf viewer gave its slot to the relay and now hangs below it.
            Assert.False(displaced.Peer.CanRelay);
            Assert.Same(attached.Value!.Parent, displaced.From);
            Assert.Same(displaced.To, displaced.Peer.Parent);
            Assert.True(StreamTree.IsInSubtreeOf(displaced.Peer, attached.Value.Peer));
        }
    }

    private static TreePeer? Pick(TreeFixture f, uint arg, bool includeOrigins)
    {
        IReadOnlyList<TreePeer> members = f.Tree.Members;
        if (members.Count == 0)
        {
            return null;
        }

        TreePeer p = members[(int)(arg % (uint)members.Count)];
        return p.Role == PeerRole.Origin && !includeOrigins ? null : p;
    }

    private static VivaldiCoordinate Coordinate(uint arg) => new((arg * 7919) % 300, (arg * 104729) % 200, 0.1 + (arg % 9));
}
