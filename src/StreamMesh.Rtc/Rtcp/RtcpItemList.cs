namespace StreamMesh.Rtc.Rtcp;

/// <summary>
/// A list of fixed-size RTCP entries that is either a view over wire bytes (parsed packets, decoded
/// lazily) or over a caller span of items (packets being built). Never allocates.
/// </summary>
/// <typeparam name="T">The entry type.</typeparam>
public readonly ref struct RtcpItemList<T>
    where T : struct, IRtcpListItem<T>
{
    private readonly ReadOnlySpan<byte> _wire;
    private readonly ReadOnlySpan<T> _items;
    private readonly bool _isWire;

    /// <summary>A list over items supplied by the caller.</summary>
    public RtcpItemList(ReadOnlySpan<T> items)
    {
        _items = items;
        _wire = default;
        _isWire = false;
    }

    private RtcpItemList(ReadOnlySpan<byte> wire, bool isWire)
    {
        _wire = wire;
        _items = default;
        _isWire = isWire;
    }

    /// <summary>Number of entries.</summary>
    public int Count => _isWire ? _wire.Length / T.Size : _items.Length;

    /// <summary>Serialized size of all entries.</summary>
    public int ByteLength => Count * T.Size;

    /// <summary>Entry number <paramref name="index"/>.</summary>
    public T this[int index]
    {
        get
        {
            if (!_isWire)
            {
                return _items[index];
            }

            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return T.Read(_wire.Slice(index * T.Size, T.Size));
        }
    }

    /// <summary>Wraps wire bytes whose length is a multiple of the item size.</summary>
    internal static RtcpItemList<T> FromWire(ReadOnlySpan<byte> wire) => new(wire, isWire: true);

    /// <summary>Writes every entry back to back and returns the bytes written.</summary>
    public int WriteTo(Span<byte> destination)
    {
        if (_isWire)
        {
            _wire.CopyTo(destination);
            return _wire.Length;
        }

        int offset = 0;
        foreach (T item in _items)
        {
            offset += item.WriteTo(destination[offset..]);
        }

        return offset;
    }

    /// <summary>Enumerates the entries.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>Allocation-free enumerator.</summary>
    public ref struct Enumerator
    {
        private readonly RtcpItemList<T> _list;
        private int _index;

        internal Enumerator(RtcpItemList<T> list)
        {
            _list = list;
            _index = -1;
        }

        /// <summary>The current entry.</summary>
        public readonly T Current => _list[_index];

        /// <summary>Advances to the next entry.</summary>
        public bool MoveNext() => ++_index < _list.Count;
    }
}
