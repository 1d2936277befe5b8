namespace StreamMesh.Rtc.Sdp;

/// <summary>
/// Typed reads and writes of attributes that may appear at session or media level (RFC 8839 ICE, RFC 8122
/// fingerprint, RFC 4145 setup, RFC 8866 direction), shared by <see cref="SessionDescription"/> and
/// <see cref="MediaDescription"/>. Reads never throw; malformed values read as absent.
/// </summary>
internal static class SdpCommonAttributes
{
    public static SdpDirection? GetDirection(SdpAttributeList attributes)
    {
        foreach (SdpAttribute attribute in attributes)
        {
            if (attribute.Value is null && SdpDirectionExtensions.TryParseAttributeName(attribute.Name, out SdpDirection d))
            {
                return d;
            }
        }

        return null;
    }

    /// <summary>Replaces any direction attribute in place (keeping its position) or appends one.</summary>
    public static void SetDirection(SdpAttributeList attributes, SdpDirection? direction)
    {
        int position = -1;
        for (int i = attributes.Count - 1; i >= 0; i--)
        {
            if (SdpDirectionExtensions.TryParseAttributeName(attributes[i].Name, out _))
            {
                attributes.RemoveAt(i);
                position = i;
            }
        }

        if (direction is SdpDirection value)
        {
            var attribute = new SdpAttribute(value.ToAttributeName());
            if (position >= 0)
            {
                attributes.Insert(position, attribute);
            }
            else
            {
                attributes.Add(attribute);
            }
        }
    }

    public static SdpSetupRole? GetSetup(SdpAttributeList attributes) =>
        SdpSetupRoleExtensions.TryParse(attributes.GetValue(SdpAttributeNames.Setup), out SdpSetupRole role) ? role : null;

    public static void SetSetup(SdpAttributeList attributes, SdpSetupRole? role) =>
        SetOrRemove(attributes, SdpAttributeNames.Setup, role?.ToAttributeValue());

    /// <summary>All options of every ice-options line, space separated (RFC 8839 §5.6).</summary>
    public static IReadOnlyList<string> GetIceOptions(SdpAttributeList attributes)
    {
        var options = new List<string>();
        foreach (string value in attributes.GetValues(SdpAttributeNames.IceOptions))
        {
            options.AddRange(value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }

        return options;
    }

    public static void SetIceOptions(SdpAttributeList attributes, IReadOnlyList<string> options) =>
        SetOrRemove(attributes, SdpAttributeNames.IceOptions, options.Count == 0 ? null : string.Join(' ', options));

    public static void SetOrRemove(SdpAttributeList attributes, string name, string? value)
    {
        if (value is null)
        {
            attributes.RemoveAll(name);
        }
        else
        {
            attributes.Set(name, value);
        }
    }

    public static IReadOnlyList<T> ParseAll<T>(SdpAttributeList attributes, string name, TryParseValue<T> parser)
        where T : class
    {
        var results = new List<T>();
        foreach (SdpAttribute attribute in attributes)
        {
            if (string.Equals(attribute.Name, name, StringComparison.Ordinal) && parser(attribute.Value, out T? parsed))
            {
                results.Add(parsed!);
            }
        }

        return results;
    }

    public delegate bool TryParseValue<T>(string? value, out T? result);
}
