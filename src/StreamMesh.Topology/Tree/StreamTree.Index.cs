namespace StreamMesh.Topology.Tree;

/// <content>Maintenance of the candidate indexes (all free peers and free shallow peers, one grid per site).</content>
public sealed partial class StreamTree
{
    /// <summary>Grids whose peers may feed <paramref name="site"/>, the site's own first; main and shallow indexes.</summary>
    internal (CandidateGrid[] Main, CandidateGrid[] Shallow) FeederGrids(string site)
    {
        if (!_feederGrids.TryGetValue(site, out (CandidateGrid[] Main, CandidateGrid[] Shallow) grids))
        {
            grids = (Feeders(_grids, site), Feeders(_shallowGrids, site));
            _feederGrids[site] = grids;
        }

        return grids;
    }

    private CandidateGrid[] Feeders(Dictionary<string, CandidateGrid> all, string site)
    {
        var list = new List<CandidateGrid>();
        if (all.TryGetValue(site, out CandidateGrid? own) && SitePolicy.MayFeed(site, site))
        {
            list.Add(own);
        }

        foreach (CandidateGrid grid in all.Values)
        {
            if (grid.Site != site && SitePolicy.MayFeed(grid.Site, site))
            {
                list.Add(grid);
            }
        }

        return [.. list];
    }

    /// <summary>Keeps the grid memberships of <paramref name="peer"/> in line with whether it can take a child now.</summary>
    private void RefreshIndex(TreePeer peer)
    {
        bool wanted = peer.State == PeerState.Attached && peer.CanRelay && peer.FreeSlots > 0 && !peer.IsSuspected && peer.HasCoordinate;
        Place(peer, peer.MainIndex, wanted, _grids, shallow: false);
        Place(peer, peer.ShallowIndex, wanted && peer.Depth <= Options.ShallowDepth, _shallowGrids, shallow: true);
    }

    private void Place(TreePeer peer, GridMembership slot, bool wanted, Dictionary<string, CandidateGrid> grids, bool shallow)
    {
        if (!wanted)
        {
            slot.Grid?.Remove(peer);
            return;
        }

        if (slot.Grid is { } current)
        {
            if (current.IsMisplaced(peer))
            {
                current.Remove(peer);
                current.Add(peer);
            }

            return;
        }

        if (!grids.TryGetValue(peer.Site, out CandidateGrid? grid))
        {
            grid = new CandidateGrid(peer.Site, Options.GridCellMs, shallow);
            grids.Add(peer.Site, grid);
            _feederGrids.Clear();
        }

        grid.Add(peer);
    }

    /// <summary>Takes a peer out of every index.</summary>
    private static void Unindex(TreePeer peer)
    {
        peer.MainIndex.Grid?.Remove(peer);
        peer.ShallowIndex.Grid?.Remove(peer);
    }
}
