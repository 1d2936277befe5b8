namespace StreamMesh.Rtc.Rtcp;

/// <summary>One SDES item of a parsed chunk: its type and UTF-8 text (RFC 3550 §6.5).</summary>
public readonly ref struct SdesItem
{
    /// <summary>Creates an item view.</summary>
    public SdesItem(SdesItemType type, ReadOnlySpan<byte> value)
    {
        Type = type;
        Value = value;
    }

    /// <summary>The item type.</summary>
    public SdesItemType Type { get; }

    /// <summary>The item text, UTF-8, not terminated.</summary>
    public ReadOnlySpan<byte> Value { get; }
}
