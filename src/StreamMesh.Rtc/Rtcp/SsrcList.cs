using System.Buffers.Binary;

namespace StreamMesh.Rtc.Rtcp;

/// <summary>
/// A list of 32-bit SSRCs (BYE, REMB) that is a view over wire bytes, over a caller span, or a single
/// value. Never allocates.
/// </summary>
public readonly ref struct SsrcList
{
    private readonly ReadOnlySpan<byte> _wire;
    private readonly ReadOnlySpan<uint> _items;
    private readonly uint _single;
    private readonly byte _mode; // 0 = items, 1 = wire, 2 = single

    /// <summary>A list over SSRCs supplied by the caller.</summary>
    public SsrcList(ReadOnlySpan<uint> ssrcs)
    {
        _items = ssrcs;
        _mode = 0;
    }

    /// <summary>A list holding one SSRC.</summary>
    public SsrcList(uint ssrc)
    {
        _single = ssrc;
        _mode = 2;
    }

    private SsrcList(ReadOnlySpan<byte> wire, byte mode)
    {
        _wire = wire;
        _mode = mode;
    }

    /// <summary>Number of SSRCs.</summary>
    public int Count => _mode switch
    {
        1 => _wire.Length / 4,
        2 => 1,
        _ => _items.Length,
    };

    /// <summary>SSRC number <paramref name="index"/>.</summary>
    public uint this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _mode switch
            {
                1 => BinaryPrimitives.ReadUInt32BigEndian(_wire[(index * 4)..]),
                2 => _single,
                _ => _items[index],
            };
        }
    }

    /// <summary>True when <paramref name="ssrc"/> is in the list.</summary>
    public bool Contains(uint ssrc)
    {
        for (int i = 0; i < Count; i++)
        {
            if (this[i] == ssrc)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Wraps wire bytes whose length is a multiple of 4.</summary>
    internal static SsrcList FromWire(ReadOnlySpan<byte> wire) => new(wire, 1);

    /// <summary>Writes the SSRCs big-endian and returns the bytes written.</summary>
    public int WriteTo(Span<byte> destination)
    {
        int count = Count;
        for (int i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(i * 4)..], this[i]);
        }

        return count * 4;
    }

    /// <summary>Enumerates the SSRCs.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>Allocation-free enumerator.</summary>
    public ref struct Enumerator
    {
        private readonly SsrcList _list;
        private int _index;

        internal Enumerator(SsrcList list)
        {
            _list = list;
            _index = -1;
        }

        /// <summary>The current SSRC.</summary>
        public readonly uint Current => _list[_index];

        /// <summary>Advances to the next SSRC.</summary>
        public bool MoveNext() => ++_index < _list.Count;
    }
}
