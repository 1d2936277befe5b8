using System.Buffers.Binary;

namespace StreamMesh.Rtc.Rtcp;

/// <summary>
/// One parsed SDES chunk: an SSRC and its items (RFC 3550 §6.5). The item list was validated when
/// the packet was parsed, so enumeration cannot fail.
/// </summary>
public readonly ref struct SdesChunk
{
    private readonly ReadOnlySpan<byte> _items;

    internal SdesChunk(uint ssrc, ReadOnlySpan<byte> items)
    {
        Ssrc = ssrc;
        _items = items;
    }

    /// <summary>The source the items describe.</summary>
    public uint Ssrc { get; }

    /// <summary>The CNAME item text, or empty when the chunk has none.</summary>
    public ReadOnlySpan<byte> Cname => TryGetItem(SdesItemType.Cname, out ReadOnlySpan<byte> value) ? value : default;

    /// <summary>Finds the first item of <paramref name="type"/>.</summary>
    public bool TryGetItem(SdesItemType type, out ReadOnlySpan<byte> value)
    {
        foreach (SdesItem item in this)
        {
            if (item.Type == type)
            {
                value = item.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Enumerates the items.</summary>
    public Enumerator GetEnumerator() => new(_items);

    /// <summary>
    /// Measures the chunk at the start of <paramref name="data"/>: SSRC, items, the terminating null
    /// octet and null padding to the next 32-bit boundary. Returns -1 when malformed.
    /// </summary>
    internal static int Measure(ReadOnlySpan<byte> data, out uint ssrc, out ReadOnlySpan<byte> items)
    {
        ssrc = 0;
        items = default;
        if (data.Length < 8)
        {
            // SSRC plus at least one word holding the terminating null octet.
            return -1;
        }

        ssrc = BinaryPrimitives.ReadUInt32BigEndian(data);
        int offset = 4;
        while (true)
        {
            if (offset >= data.Length)
            {
                return -1;
            }

            if (data[offset] == (byte)SdesItemType.End)
            {
                items = data[4..offset];
                int end = (offset + 4) & ~3;
                return end <= data.Length ? end : -1;
            }

            if (offset + 2 > data.Length)
            {
                return -1;
            }

            offset += 2 + data[offset + 1];
        }
    }

    /// <summary>Allocation-free enumerator over items.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _items;
        private int _offset;
        private SdesItem _current;

        internal Enumerator(ReadOnlySpan<byte> items)
        {
            _items = items;
            _offset = 0;
            _current = default;
        }

        /// <summary>The current item.</summary>
        public readonly SdesItem Current => _current;

        /// <summary>Advances to the next item.</summary>
        public bool MoveNext()
        {
            if (_offset + 2 > _items.Length)
            {
                return false;
            }

            int length = _items[_offset + 1];
            if (_offset + 2 + length > _items.Length)
            {
                return false;
            }

            _current = new SdesItem((SdesItemType)_items[_offset], _items.Slice(_offset + 2, length));
            _offset += 2 + length;
            return true;
        }
    }
}
