namespace StreamMesh.Rtc.Feedback;

/// <summary>
/// Comparison of wrapping 16-bit sequence numbers and 32-bit timestamps in serial-number arithmetic
/// (RFC 1982 §3.2). RFC 1982 leaves a distance of exactly half the space undefined; here the
/// numerically larger value is taken as newer so that the relation stays antisymmetric.
/// </summary>
public static class SerialNumberArithmetic
{
    /// <summary>True when <paramref name="value"/> comes after <paramref name="previous"/>.</summary>
    public static bool IsNewer(ushort value, ushort previous)
    {
        ushort distance = unchecked((ushort)(value - previous));
        return distance == 0x8000 ? value > previous : distance != 0 && distance < 0x8000;
    }

    /// <summary>True when <paramref name="value"/> equals or comes after <paramref name="previous"/>.</summary>
    public static bool IsNewerOrEqual(ushort value, ushort previous) => value == previous || IsNewer(value, previous);

    /// <summary>True when <paramref name="value"/> comes after <paramref name="previous"/>.</summary>
    public static bool IsNewer(uint value, uint previous)
    {
        uint distance = unchecked(value - previous);
        return distance == 0x8000_0000u ? value > previous : distance != 0 && distance < 0x8000_0000u;
    }

    /// <summary>True when <paramref name="value"/> equals or comes after <paramref name="previous"/>.</summary>
    public static bool IsNewerOrEqual(uint value, uint previous) => value == previous || IsNewer(value, previous);

    /// <summary>
    /// Signed distance from <paramref name="previous"/> to <paramref name="value"/> (positive when newer),
    /// consistent with <see cref="IsNewer(ushort, ushort)"/> at the half-space tie.
    /// </summary>
    public static int Distance(ushort value, ushort previous)
    {
        ushort forward = unchecked((ushort)(value - previous));
        return IsNewer(value, previous) || forward == 0 ? forward : forward - 0x1_0000;
    }

    /// <summary>The newer of two sequence numbers.</summary>
    public static ushort Latest(ushort a, ushort b) => IsNewer(a, b) ? a : b;
}
