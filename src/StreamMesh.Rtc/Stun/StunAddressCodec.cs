using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace StreamMesh.Rtc.Stun;

/// <summary>
/// The address value shared by MAPPED-ADDRESS (RFC 8489 §14.1) and XOR-MAPPED-ADDRESS (§14.2):
/// reserved byte, family (1 = IPv4, 2 = IPv6), port, address. The XOR variant obfuscates the port
/// with the top 16 bits of the magic cookie and the address with the cookie (IPv4) or the cookie
/// followed by the transaction ID (IPv6), so that NATs rewriting addresses in payloads leave it alone.
/// </summary>
internal static class StunAddressCodec
{
    public const int IPv4ValueSize = 8;
    public const int IPv6ValueSize = 20;

    private const byte FamilyIPv4 = 0x01;
    private const byte FamilyIPv6 = 0x02;

    /// <summary>The encoded size for <paramref name="address"/>.</summary>
    public static int ValueSize(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork ? IPv4ValueSize : IPv6ValueSize;

    /// <summary>
    /// Decodes an address value. <paramref name="xorKey"/> is the 16 bytes at offset 4 of the message
    /// header (magic cookie and transaction ID) for XOR-MAPPED-ADDRESS, or empty for MAPPED-ADDRESS.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> value, ReadOnlySpan<byte> xorKey, out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (value.Length < 4)
        {
            return false;
        }

        byte family = value[1];
        int port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]);
        int addressLength = family switch
        {
            FamilyIPv4 => 4,
            FamilyIPv6 => 16,
            _ => 0,
        };
        if (addressLength == 0 || value.Length != 4 + addressLength)
        {
            return false;
        }

        Span<byte> address = stackalloc byte[addressLength];
        value.Slice(4, addressLength).CopyTo(address);
        if (!xorKey.IsEmpty)
        {
            port ^= BinaryPrimitives.ReadUInt16BigEndian(xorKey);
            for (int i = 0; i < addressLength; i++)
            {
                address[i] ^= xorKey[i];
            }
        }

        endPoint = new IPEndPoint(new IPAddress(address), port);
        return true;
    }

    /// <summary>Encodes <paramref name="endPoint"/>; see <see cref="TryDecode"/> for <paramref name="xorKey"/>.</summary>
    public static int Encode(IPEndPoint endPoint, ReadOnlySpan<byte> xorKey, Span<byte> destination)
    {
        IPAddress ip = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        bool v4 = ip.AddressFamily == AddressFamily.InterNetwork;
        int addressLength = v4 ? 4 : 16;
        destination[0] = 0;
        destination[1] = v4 ? FamilyIPv4 : FamilyIPv6;
        ushort port = (ushort)endPoint.Port;
        if (!xorKey.IsEmpty)
        {
            port ^= BinaryPrimitives.ReadUInt16BigEndian(xorKey);
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], port);
        Span<byte> address = destination.Slice(4, addressLength);
        if (!ip.TryWriteBytes(address, out _))
        {
            throw new ArgumentException("Unsupported address family.", nameof(endPoint));
        }

        if (!xorKey.IsEmpty)
        {
            for (int i = 0; i < addressLength; i++)
            {
                address[i] ^= xorKey[i];
            }
        }

        return 4 + addressLength;
    }
}
