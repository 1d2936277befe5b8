namespace StreamMesh.Rtc.Sdp;

/// <summary>
/// One "a=" line: a property attribute (<c>a=rtcp-mux</c>, <see cref="Value"/> null) or a value attribute
/// (<c>a=mid:0</c>). RFC 8866 §5.13. The value is kept verbatim so unknown attributes round-trip unchanged.
/// </summary>
public sealed record SdpAttribute
{
    public SdpAttribute(string name, string? value = null)
    {
        if (!SdpToken.IsToken(name))
        {
            throw new ArgumentException($"Attribute name '{name}' is not an RFC 8866 token.", nameof(name));
        }

        if (value is not null && SdpToken.ContainsLineBreak(value))
        {
            throw new ArgumentException($"Value of attribute '{name}' contains a line break.", nameof(value));
        }

        Name = name;
        Value = value;
    }

    /// <summary>Attribute name, compared case-sensitively (RFC 8866 §6).</summary>
    public string Name { get; }

    /// <summary>Text after the first ':' exactly as written; null for a property attribute.</summary>
    public string? Value { get; }

    /// <summary>The attribute as it appears after "a=".</summary>
    public override string ToString() => Value is null ? Name : string.Concat(Name, ":", Value);
}
