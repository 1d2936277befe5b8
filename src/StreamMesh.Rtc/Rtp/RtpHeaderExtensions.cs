namespace StreamMesh.Rtc.Rtp;

/// <summary>
/// A read-only view of an RTP header extension block (RFC 3550 §5.3.1) interpreted as RFC 8285
/// elements. Enumeration stops at the first element that overruns the block, and in the one-byte
/// form at id 15 (RFC 8285 §4.2), so malformed blocks never throw.
/// </summary>
public readonly ref struct RtpHeaderExtensions
{
    /// <summary>The "defined by profile" value of the one-byte form (RFC 8285 §4.2).</summary>
    public const ushort OneByteProfile = 0xBEDE;

    /// <summary>The two-byte form profile 0x100X with appbits zero (RFC 8285 §4.3).</summary>
    public const ushort TwoByteProfile = 0x1000;

    /// <summary>Creates a view over the data words of an extension block.</summary>
    /// <param name="profile">The 16-bit "defined by profile" field.</param>
    /// <param name="data">The extension data after the 4-byte block header.</param>
    public RtpHeaderExtensions(ushort profile, ReadOnlySpan<byte> data)
    {
        Profile = profile;
        Data = data;
    }

    /// <summary>The 16-bit "defined by profile" field.</summary>
    public ushort Profile { get; }

    /// <summary>The extension data after the block header (a multiple of 4 bytes on the wire).</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>Which RFC 8285 layout the profile selects.</summary>
    public RtpHeaderExtensionForm Form => GetForm(Profile);

    /// <summary>Maps a profile value to its RFC 8285 form.</summary>
    public static RtpHeaderExtensionForm GetForm(ushort profile) => profile switch
    {
        OneByteProfile => RtpHeaderExtensionForm.OneByte,
        _ when (profile & 0xFFF0) == TwoByteProfile => RtpHeaderExtensionForm.TwoByte,
        _ => RtpHeaderExtensionForm.Unknown,
    };

    /// <summary>Finds the first element with <paramref name="id"/>.</summary>
    public bool TryFind(byte id, out ReadOnlySpan<byte> value)
    {
        foreach (RtpHeaderExtensionElement element in this)
        {
            if (element.Id == id)
            {
                value = element.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Finds the first element with <paramref name="id"/> and reports where its data sits in <see cref="Data"/>.</summary>
    public bool TryFindOffset(byte id, out int offset, out int length)
    {
        foreach (RtpHeaderExtensionElement element in this)
        {
            if (element.Id == id)
            {
                offset = element.Offset;
                length = element.Value.Length;
                return true;
            }
        }

        offset = 0;
        length = 0;
        return false;
    }

    /// <summary>
    /// True when every element fits inside the block. Trailing bytes after an id-15 terminator are
    /// not inspected, as RFC 8285 §4.2 tells receivers to stop there.
    /// </summary>
    public bool IsWellFormed()
    {
        Enumerator enumerator = GetEnumerator();
        while (enumerator.MoveNext())
        {
        }

        return !enumerator.Overran;
    }

    /// <summary>Enumerates the elements in wire order.</summary>
    public Enumerator GetEnumerator() => new(Form, Data);

    /// <summary>Allocation-free enumerator over the elements of a block.</summary>
    public ref struct Enumerator
    {
        private readonly RtpHeaderExtensionForm _form;
        private readonly ReadOnlySpan<byte> _data;
        private int _offset;
        private RtpHeaderExtensionElement _current;

        internal Enumerator(RtpHeaderExtensionForm form, ReadOnlySpan<byte> data)
        {
            _form = form;
            _data = data;
            _offset = form == RtpHeaderExtensionForm.Unknown ? data.Length : 0;
            _current = default;
            Overran = false;
        }

        /// <summary>The current element.</summary>
        public readonly RtpHeaderExtensionElement Current => _current;

        /// <summary>True when enumeration stopped because an element did not fit.</summary>
        public bool Overran { get; private set; }

        /// <summary>Advances to the next element.</summary>
        public bool MoveNext()
        {
            while (_offset < _data.Length)
            {
                byte first = _data[_offset];
                if (first == 0)
                {
                    // RFC 8285 §4.2/§4.3: a zero byte between elements is padding.
                    _offset++;
                    continue;
                }

                int valueOffset;
                int length;
                byte id;
                if (_form == RtpHeaderExtensionForm.OneByte)
                {
                    id = (byte)(first >> 4);
                    if (id == 15)
                    {
                        // RFC 8285 §4.2: id 15 is reserved; processing of the whole block stops here.
                        _offset = _data.Length;
                        return false;
                    }

                    if (id == 0)
                    {
                        // Id 0 with a non-zero length is not a valid element; treat it as one padding byte.
                        _offset++;
                        continue;
                    }

                    length = (first & 0x0F) + 1;
                    valueOffset = _offset + 1;
                }
                else
                {
                    if (_offset + 2 > _data.Length)
                    {
                        return Stop();
                    }

                    id = first;
                    length = _data[_offset + 1];
                    valueOffset = _offset + 2;
                }

                if (valueOffset + length > _data.Length)
                {
                    return Stop();
                }

                _current = new RtpHeaderExtensionElement(id, _data.Slice(valueOffset, length), valueOffset);
                _offset = valueOffset + length;
                return true;
            }

            return false;
        }

        private bool Stop()
        {
            Overran = true;
            _offset = _data.Length;
            return false;
        }
    }
}
