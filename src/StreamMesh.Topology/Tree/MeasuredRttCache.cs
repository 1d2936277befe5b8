namespace StreamMesh.Topology.Tree;

/// <summary>
/// The few most recent RTTs one peer measured to others. A small ring keeps memory flat at
/// 100,000 peers; lookups scan it, which beats a dictionary at these sizes.
/// </summary>
internal sealed class MeasuredRttCache
{
    private TreePeer?[] _peers = [];
    private double[] _rtts = [];
    private int _next;

    public int Count { get; private set; }

    public void Record(TreePeer peer, double rttMs, int capacity)
    {
        for (int i = 0; i < Count; i++)
        {
            if (ReferenceEquals(_peers[i], peer))
            {
                _rtts[i] = rttMs;
                return;
            }
        }

        if (_peers.Length < capacity)
        {
            int size = Math.Min(capacity, Math.Max(4, _peers.Length * 2));
            Array.Resize(ref _peers, size);
            Array.Resize(ref _rtts, size);
        }

        if (Count < capacity)
        {
            _peers[Count] = peer;
            _rtts[Count] = rttMs;
            Count++;
            return;
        }

        _peers[_next] = peer;
        _rtts[_next] = rttMs;
        _next = (_next + 1) % capacity;
    }

    public bool TryGet(TreePeer peer, out double rttMs)
    {
        for (int i = 0; i < Count; i++)
        {
            if (ReferenceEquals(_peers[i], peer))
            {
                rttMs = _rtts[i];
                return true;
            }
        }

        rttMs = 0;
        return false;
    }

    public TreePeer PeerAt(int index) => _peers[index]!;

    public double RttAt(int index) => _rtts[index];
}
