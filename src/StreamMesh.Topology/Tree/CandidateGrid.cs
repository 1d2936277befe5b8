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
    public void Search<TVisitor>(VivaldiCoordinate query, ref TVisitor visitor)
        where TVisitor : struct, IGridVisitor
    {
        if (Count == 0)
        {
            return;
        }

        (int qx, int qy) = CellOf(query);
        int maxRing = Math.Max(Math.Max(Math.Abs(qx - _minX), Math.Abs(qx - _maxX)), Math.Max(Math.Abs(qy - _minY), Math.Abs(qy - _maxY)));
        for (int ring = 0; ring <= maxRing; ring++)
        {
            // A point in a cell r rings away is at least (r − 1) cells from any point of the query's cell.
            double lowerBound = (Math.Max(0, ring - 1) * _cellSize) + query.Height;
            if (visitor.ShouldStop(lowerBound))
            {
                return;
            }

            if (ring == 0)
            {
                VisitCell(qx, qy, ref visitor);
                continue;
            }

            for (int dx = -ring; dx <= ring; dx++)
            {
                VisitCell(qx + dx, qy - ring, ref visitor);
                VisitCell(qx + dx, qy + ring, ref visitor);
            }

            for (int dy = -ring + 1; dy <= ring - 1; dy++)
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

    private GridMembership SlotOf(TreePeer peer) => IsShallow ? peer.ShallowIndex : peer.MainIndex;

    private (int X, int Y) CellOf(VivaldiCoordinate c) =>
        ((int)Math.Clamp(Math.Floor(c.X / _cellSize), -MaxCellIndex, MaxCellIndex), (int)Math.Clamp(Math.Floor(c.Y / _cellSize), -MaxCellIndex, MaxCellIndex));

    private static long Key(int cx, int cy) => ((long)cx << 32) | (uint)cy;
}
