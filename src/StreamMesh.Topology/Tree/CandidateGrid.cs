using StreamMesh.Topology.Coordinates;

namespace StreamMesh.Topology.Tree;

/// <summary>
/// Spatial index of one site's distributing peers that have a free slot, bucketed by their Vivaldi
/// coordinate on a square grid. A nearest-candidate search walks rings of cells outwards and stops
/// as soon as no farther ring can beat what the visitor already holds, so a join touches a few
/// dozen peers instead of all of them.
/// </summary>
internal sealed class CandidateGrid
{
    private const int MaxCellIndex = 1 << 20;

    private readonly Dictionary<long, List<TreePeer>> _cells = [];
    private readonly double _cellSize;
    private int _minX = int.MaxValue;
    private int _maxX = int.MinValue;
    private int _minY = int.MaxValue;
    private int _maxY = int.MinValue;

    public CandidateGrid(string site, double cellSize, bool shallow)
    {
        Site = site;
        _cellSize = cellSize;
        IsShallow = shallow;
    }

    public string Site { get; }

    /// <summary>True for the index of shallow peers only (see <see cref="TopologyOptions.ShallowDepth"/>).</summary>
    public bool IsShallow { get; }

    public int Count { get; private set; }

    public void Add(TreePeer peer)
    {
        (int cx, int cy) = CellOf(peer.Coordinate.Coordinate);
        long key = Key(cx, cy);
        if (!_cells.TryGetValue(key, out List<TreePeer>? cell))
        {
            cell = [];
            _cells[key] = cell;
        }

        GridMembership slot = SlotOf(peer);
        slot.Grid = this;
        slot.CellKey = key;
        slot.IndexInCell = cell.Count;
        cell.Add(peer);
        Count++;
        _minX = Math.Min(_minX, cx);
        _maxX = Math.Max(_maxX, cx);
        _minY = Math.Min(_minY, cy);
        _maxY = Math.Max(_maxY, cy);
    }

    public void Remove(TreePeer peer)
    {
        GridMembership slot = SlotOf(peer);
        if (!ReferenceEquals(slot.Grid, this) || !_cells.TryGetValue(slot.CellKey, out List<TreePeer>? cell))
        {
            return;
        }

        // Swap-remove keeps removal O(1); the moved peer learns its new slot.
        int index = slot.IndexInCell;
        int last = cell.Count - 1;
        if (index != last)
        {
            TreePeer moved = cell[last];
            cell[index] = moved;
            SlotOf(moved).IndexInCell = index;
        }

        cell.RemoveAt(last);
        slot.Grid = null;
        slot.IndexInCell = -1;
        Count--;
    }

    /// <summary>True when the peer's coordinate now falls in another cell than the one it is filed under.</summary>
    public bool IsMisplaced(TreePeer peer)
    {
        (int cx, int cy) = CellOf(peer.Coordinate.Coordinate);
        return Key(cx, cy) != SlotOf(peer).CellKey;
    }

    /// <summary>Visits peers ring by ring around <paramref name="query"/> until the visitor says stop or the grid is exhausted.</summary>
    /// <remarks>
    /// The work is bounded by the occupied part of the grid, not by the query's distance: rings that cannot touch
    /// the occupied bounding box are skipped and each ring only walks its cells inside it; when that box is mostly
    /// empty (peers far apart) the occupied cells are visited directly in ring order. A joiner declaring a far-away
    /// coordinate (|x| near 100,000 ms) used to walk ~10^8 empty cells: 5 s of CPU per join (tracker-json fuzz target).
    /// </remarks>
    public void Search<TVisitor>(VivaldiCoordinate query, ref TVisitor visitor)
        where TVisitor : struct, IGridVisitor
    {
        if (Count == 0)
        {
            return;
        }

        (int qx, int qy) = CellOf(query);
        long width = (long)_maxX - _minX + 1;
        long height = (long)_maxY - _minY + 1;
        if (width * height > (4L * _cells.Count) + 64)
        {
            SearchOccupied(query, qx, qy, ref visitor);
            return;
        }

        // Chebyshev distance (in cells) from the query's cell to the occupied box: nearer rings are empty.
        long firstRing = Math.Max(Math.Max((long)_minX - qx, (long)qx - _maxX), Math.Max((long)_minY - qy, (long)qy - _maxY));
        int startRing = (int)Math.Max(0, firstRing);
        int maxRing = Math.Max(Math.Max(Math.Abs(qx - _minX), Math.Abs(qx - _maxX)), Math.Max(Math.Abs(qy - _minY), Math.Abs(qy - _maxY)));
        for (int ring = startRing; ring <= maxRing; ring++)
        {
            // A point in a cell r rings away is at least (r − 1) cells from any point of the query's cell.
            if (visitor.ShouldStop(LowerBound(ring, query)))
            {
                return;
            }

            if (ring == 0)
            {
                VisitCell(qx, qy, ref visitor);
                continue;
            }

            // Only the stretch of each side that lies inside the occupied box.
            int fromX = Math.Max(-ring, _minX - qx);
            int toX = Math.Min(ring, _maxX - qx);
            for (int dx = fromX; dx <= toX; dx++)
            {
                VisitCell(qx + dx, qy - ring, ref visitor);
                VisitCell(qx + dx, qy + ring, ref visitor);
            }

            int fromY = Math.Max(-ring + 1, _minY - qy);
            int toY = Math.Min(ring - 1, _maxY - qy);
            for (int dy = fromY; dy <= toY; dy++)
            {
                VisitCell(qx - ring, qy + dy, ref visitor);
                VisitCell(qx + ring, qy + dy, ref visitor);
            }
        }
    }

    /// <summary>All indexed peers, for invariant checks.</summary>
    public IEnumerable<TreePeer> All()
    {
        foreach (List<TreePeer> cell in _cells.Values)
        {
            foreach (TreePeer peer in cell)
            {
                yield return peer;
            }
        }
    }

    private void VisitCell<TVisitor>(int cx, int cy, ref TVisitor visitor)
        where TVisitor : struct, IGridVisitor
    {
        if (cx < _minX || cx > _maxX || cy < _minY || cy > _maxY || !_cells.TryGetValue(Key(cx, cy), out List<TreePeer>? cell))
        {
            return;
        }

        for (int i = 0; i < cell.Count; i++)
        {
            visitor.Visit(cell[i]);
        }
    }

    /// <summary>The sparse case: occupied cells sorted by ring, with the same stop rule as the ring walk.</summary>
    private void SearchOccupied<TVisitor>(VivaldiCoordinate query, int qx, int qy, ref TVisitor visitor)
        where TVisitor : struct, IGridVisitor
    {
        var cells = new List<(int Ring, List<TreePeer> Peers)>(_cells.Count);
        foreach ((long key, List<TreePeer> peers) in _cells)
        {
            if (peers.Count > 0)
            {
                int cx = (int)(key >> 32);
                int cy = (int)(uint)key;
                cells.Add(((int)Math.Min(int.MaxValue, Math.Max(Math.Abs((long)cx - qx), Math.Abs((long)cy - qy))), peers));
            }
        }

        cells.Sort(static (a, b) => a.Ring.CompareTo(b.Ring));
        int checkedRing = -1;
        foreach ((int ring, List<TreePeer> peers) in cells)
        {
            if (ring != checkedRing)
            {
                checkedRing = ring;
                if (visitor.ShouldStop(LowerBound(ring, query)))
                {
                    return;
                }
            }

            for (int i = 0; i < peers.Count; i++)
            {
                visitor.Visit(peers[i]);
            }
        }
    }

    private double LowerBound(int ring, VivaldiCoordinate query) => (Math.Max(0, ring - 1) * _cellSize) + query.Height;

    private GridMembership SlotOf(TreePeer peer) => IsShallow ? peer.ShallowIndex : peer.MainIndex;

    private (int X, int Y) CellOf(VivaldiCoordinate c) =>
        ((int)Math.Clamp(Math.Floor(c.X / _cellSize), -MaxCellIndex, MaxCellIndex), (int)Math.Clamp(Math.Floor(c.Y / _cellSize), -MaxCellIndex, MaxCellIndex));

    private static long Key(int cx, int cy) => ((long)cx << 32) | (uint)cy;
}
