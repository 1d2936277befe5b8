namespace StreamMesh.Rtc.Rtp;

/// <summary>
/// Writes RFC 8285 elements into a caller buffer that becomes <see cref="RtpHeader.ExtensionData"/>.
/// Call <see cref="Complete"/> last: it zero-pads to a 32-bit boundary (RFC 3550 §5.3.1 counts the
/// block in words) and returns the finished data.
/// </summary>
public ref struct RtpHeaderExtensionWriter
{
    private readonly Span<byte> _destination;
    private int _length;

    /// <summary>Starts an empty block in <paramref name="destination"/>.</summary>
    public RtpHeaderExtensionWriter(Span<byte> destination, RtpHeaderExtensionForm form)
    {
        if (form == RtpHeaderExtensionForm.Unknown)
        {
            throw new ArgumentException("Only the RFC 8285 one-byte and two-byte forms can be written.", nameof(form));
        }

        _destination = destination;
        Form = form;
        _length = 0;
    }

    /// <summary>The form being written.</summary>
    public readonly RtpHeaderExtensionForm Form { get; }

    /// <summary>The profile value to put in <see cref="RtpHeader.ExtensionProfile"/>.</summary>
    public readonly ushort Profile =>
        Form == RtpHeaderExtensionForm.OneByte ? RtpHeaderExtensions.OneByteProfile : RtpHeaderExtensions.TwoByteProfile;

    /// <summary>Bytes written so far, before padding.</summary>
    public readonly int Length => _length;

    /// <summary>
    /// True when an element with this id and length needs the two-byte form
    /// (RFC 8285 §4.2 limits the one-byte form to ids 1-14 and 1-16 bytes).
    /// </summary>
    public static bool RequiresTwoByteForm(int id, int length) => id > 14 || length == 0 || length > 16;

    /// <summary>Appends an element; false when the id or length is not allowed in this form or space runs out.</summary>
    public bool TryAdd(byte id, ReadOnlySpan<byte> value)
    {
        if (!TryReserve(id, value.Length, out Span<byte> slot))
        {
            return false;
        }

        value.CopyTo(slot);
        return true;
    }

    /// <summary>Appends an element header and hands back its data area for the caller to fill.</summary>
    public bool TryReserve(byte id, int length, out Span<byte> value)
    {
        value = default;
        int headerSize;
        if (Form == RtpHeaderExtensionForm.OneByte)
        {
            if (id is 0 or > 14 || length is < 1 or > 16)
            {
                return false;
            }

            headerSize = 1;
        }
        else
        {
            if (id == 0 || length is < 0 or > 255)
            {
                return false;
            }

            headerSize = 2;
        }

        // Keep room so Complete() can always pad within the destination.
        int needed = _length + headerSize + length;
        if (((needed + 3) & ~3) > _destination.Length)
        {
            return false;
        }

        if (Form == RtpHeaderExtensionForm.OneByte)
        {
            _destination[_length] = (byte)((id << 4) | (length - 1));
        }
        else
        {
            _destination[_length] = id;
            _destination[_length + 1] = (byte)length;
        }

        value = _destination.Slice(_length + headerSize, length);
        _length = needed;
        return true;
    }

    /// <summary>Zero-pads to a multiple of 4 bytes and returns the extension data.</summary>
    public readonly ReadOnlySpan<byte> Complete()
    {
        int padded = (_length + 3) & ~3;
        _destination[_length..padded].Clear();
        return _destination[..padded];
    }
}
