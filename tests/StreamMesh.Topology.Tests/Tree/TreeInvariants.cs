using StreamMesh.Topology.Sites;
using StreamMesh.Topology.Tree;

namespace StreamMesh.Topology.Tests.Tree;

/// <summary>
/// Checks a tree against the structural rules from first principles (not through the tree's own helpers):
/// forest rooted at origins, no cycle, capacities, site rules, depth, consistent bookkeeping, valid backups,
/// and a candidate index that holds exactly the peers able to take a child.
/// </summary>
internal static class TreeInvariants
{
    public static void AssertHold(StreamTree tree)
    {
        SitePolicy policy = tree.SitePolicy;
        TopologyOptions options = tree.Options;
        var members = new HashSet<TreePeer>(tree.Members);
        Assert.Equal(tree.Members.Count, members.Count);

        int links = 0;
        foreach (TreePeer m in members)
        {
            Assert.True(m.State is PeerState.Attached or PeerState.Detached, $"{m.Id} is {m.State} but listed as member");
            Assert.True(tree.TryGetPeer(m.Id, out TreePeer? byId) && ReferenceEquals(byId, m), $"{m.Id} not found by id");
            Assert.Equal(m.Role != PeerRole.Viewer && m.Capacity > 0 && !policy.IsReceiveOnly(m.Site), m.CanRelay);

            // Walking up must end within |members| steps (no cycle) at an origin or at a detached root.
            TreePeer root = m;
            int steps = 0;
            while (root.Parent is { } up)
            {
                Assert.True(members.Contains(up), $"{m.Id} has ancestor {up.Id} that is not a member");
                Assert.Equal(m.State, up.State);
                root = up;
                Assert.True(++steps <= members.Count, $"cycle above {m.Id}");
            }

            if (m.State == PeerState.Attached)
            {
                Assert.Equal(PeerRole.Origin, root.Role);
                Assert.Contains(root, tree.Origins);
                Assert.True(m.Depth <= options.MaxDepth, $"{m.Id} at depth {m.Depth}");
                Assert.Equal(steps, m.Depth);
            }
            else
            {
                Assert.NotEqual(PeerRole.Origin, root.Role);
                Assert.Contains(root, tree.DetachedRoots);
            }

            if (m.Role == PeerRole.Origin)
            {
                Assert.Null(m.Parent);
                Assert.Equal(PeerState.Attached, m.State);
            }

            if (m.Parent is { } parent)
            {
                links++;
                Assert.Contains(m, parent.Children);
                Assert.True(parent.CanRelay, $"{parent.Id} cannot relay but feeds {m.Id}");
                Assert.True(policy.MayFeed(parent.Site, m.Site), $"forbidden link {parent.Site} -> {m.Site}");
                Assert.Equal(parent.Depth + 1, m.Depth);
                if (m.State == PeerState.Attached)
                {
                    Assert.Equal(parent.PathLatencyMs + (m.ParentRttMs / 2), m.PathLatencyMs, 6);
                }
            }

            Assert.True(m.Children.Count <= m.Capacity, $"{m.Id} has {m.Children.Count} children, capacity {m.Capacity}");
            Assert.True(m.CanRelay || m.Children.Count == 0, $"{m.Id} may not relay but has children");
            Assert.Equal(m.Children.Count, m.Children.Distinct().Count());
            foreach (TreePeer child in m.Children)
            {
                Assert.Same(m, child.Parent);
            }
        }

        Assert.Equal(links, members.Sum(m => m.Children.Count));
        Assert.All(tree.Origins, o => Assert.Contains(o, members));
        Assert.All(tree.DetachedRoots, r => Assert.True(r.Parent is null && r.State == PeerState.Detached && members.Contains(r)));

        foreach (TreePeer m in members)
        {
            AssertBackupsValid(tree, m, members);
        }

        AssertIndexExact(tree, members);
    }

    private static void AssertBackupsValid(StreamTree tree, TreePeer m, HashSet<TreePeer> members)
    {
        IReadOnlyList<TreePeer> backups = tree.GetBackups(m);
        Assert.True(backups.Count <= tree.Options.BackupCount);
        Assert.Equal(backups.Count, backups.Distinct().Count());
        int height = Height(m);
        foreach (TreePeer b in backups)
        {
            Assert.True(members.Contains(b), $"backup {b.Id} of {m.Id} is gone");
            Assert.NotSame(m, b);
            Assert.NotSame(m.Parent, b);
            Assert.Equal(PeerState.Attached, b.State);
            Assert.True(b.CanRelay && b.FreeSlots > 0 && !b.IsSuspected, $"backup {b.Id} of {m.Id} cannot take it");
            Assert.True(tree.SitePolicy.MayFeed(b.Site, m.Site), $"backup {b.Id} of {m.Id} is forbidden by site policy");
            Assert.True(b.Depth + 1 + height <= tree.Options.MaxDepth, $"backup {b.Id} of {m.Id} too deep");
            for (TreePeer? up = b; up is not null; up = up.Parent)
            {
                Assert.False(ReferenceEquals(up, m), $"backup {b.Id} lies in the subtree of {m.Id}");
            }
        }
    }

    private static void AssertIndexExact(StreamTree tree, HashSet<TreePeer> members)
    {
        var main = new HashSet<TreePeer>();
        var shallow = new HashSet<TreePeer>();
        foreach (CandidateGrid grid in tree.Grids)
        {
            HashSet<TreePeer> indexed = grid.IsShallow ? shallow : main;
            foreach (TreePeer p in grid.All())
            {
                Assert.True(indexed.Add(p), $"{p.Id} indexed twice");
                Assert.Equal(grid.Site, p.Site);
                Assert.Same(grid, grid.IsShallow ? p.ShallowIndex.Grid : p.MainIndex.Grid);
            }
        }

        foreach (TreePeer m in members)
        {
            bool free = m.State == PeerState.Attached && m.CanRelay && m.FreeSlots > 0 && !m.IsSuspected && m.HasCoordinate;
            Assert.True(free == main.Contains(m), $"{m.Id} indexed={main.Contains(m)} expected={free}");
            bool freeShallow = free && m.Depth <= tree.Options.ShallowDepth;
            Assert.True(freeShallow == shallow.Contains(m), $"{m.Id} shallow-indexed={shallow.Contains(m)} expected={freeShallow}");
        }

        Assert.True(main.IsSubsetOf(members) && shallow.IsSubsetOf(members), "a non-member is indexed");
    }

    private static int Height(TreePeer p)
    {
        int h = 0;
        foreach (TreePeer c in p.Children)
        {
            h = Math.Max(h, 1 + Height(c));
        }

        return h;
    }
}
