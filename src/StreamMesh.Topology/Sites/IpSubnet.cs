using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace StreamMesh.Topology.Sites;

/// <summary>
/// An IPv4 or IPv6 prefix in CIDR notation (RFC 4632 §3.1 for IPv4, RFC 4291 §2.3 for IPv6).
/// Immutable; host bits of the parsed address are cleared.
/// </summary>
public sealed class IpSubnet : IEquatable<IpSubnet>
{
    private readonly byte[] _network;

    private IpSubnet(byte[] network, int prefixLength, AddressFamily family)
    {
        _network = network;
        PrefixLength = prefixLength;
        AddressFamily = family;
    }

    /// <summary>Number of leading bits that identify the network.</summary>
    public int PrefixLength { get; }

    /// <summary><see cref="AddressFamily.InterNetwork"/> or <see cref="AddressFamily.InterNetworkV6"/>.</summary>
    public AddressFamily AddressFamily { get; }

    /// <summary>The network address (host bits zero).</summary>
    public IPAddress Network => new(_network);

    /// <summary>Parses "a.b.c.d/n" or "x::y/n"; returns false on anything else, never throws.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out IpSubnet? subnet)
    {
        subnet = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        string trimmed = text.Trim();
        int slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == trimmed.Length - 1)
        {
            return false;
        }

        if (!IPAddress.TryParse(trimmed.AsSpan(0, slash), out IPAddress? address)
            || !int.TryParse(trimmed.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int prefix))
        {
            return false;
        }

        byte[] bytes = address.GetAddressBytes();
        if (prefix < 0 || prefix > bytes.Length * 8)
        {
            return false;
        }

        for (int bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        subnet = new IpSubnet(bytes, prefix, address.AddressFamily);
        return true;
    }

    /// <summary>Parses CIDR notation or throws <see cref="FormatException"/>.</summary>
    public static IpSubnet Parse(string text) =>
        TryParse(text, out IpSubnet? subnet) ? subnet : throw new FormatException($"'{text}' is not a CIDR prefix such as 10.1.0.0/16 or 2001:db8::/32.");

    /// <summary>True when <paramref name="address"/> lies inside this prefix. IPv4-mapped IPv6 addresses match IPv4 prefixes.</summary>
    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv4MappedToIPv6 && AddressFamily == AddressFamily.InterNetwork)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out int written) || written != _network.Length)
        {
            return false;
        }

        int fullBytes = PrefixLength / 8;
        for (int i = 0; i < fullBytes; i++)
        {
            if (bytes[i] != _network[i])
            {
                return false;
            }
        }

        int remaining = PrefixLength % 8;
        if (remaining == 0)
        {
            return true;
        }

        byte mask = (byte)(0xFF << (8 - remaining));
        return (bytes[fullBytes] & mask) == _network[fullBytes];
    }

    /// <inheritdoc />
    public bool Equals(IpSubnet? other) =>
        other is not null && other.PrefixLength == PrefixLength && other.AddressFamily == AddressFamily && other._network.AsSpan().SequenceEqual(_network);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as IpSubnet);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_network);
        hash.Add(PrefixLength);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Network}/{PrefixLength}");
}
