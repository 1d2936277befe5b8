namespace StreamMesh.Rtc.Rtp;

/// <summary>One element of an RFC 8285 header extension block: its local id and its data.</summary>
public readonly ref struct RtpHeaderExtensionElement
{
    /// <summary>Creates an element view.</summary>
    public RtpHeaderExtensionElement(byte id, ReadOnlySpan<byte> value, int offset)
    {
        Id = id;
        Value = value;
        Offset = offset;
    }

    /// <summary>The local identifier negotiated through SDP extmap (RFC 8285 §5).</summary>
    public byte Id { get; }

    /// <summary>The element data (empty is legal in the two-byte form).</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>Offset of <see cref="Value"/> from the start of the extension data (after the 4-byte block header).</summary>
    public int Offset { get; }
}
