using System.Buffers.Binary;

namespace StreamMesh.Mesh.Streams;

/// <summary>
/// Rewrites the ids of one-byte RTP header extensions (RFC 8285 §4.2) in place, from the ids a
/// stream's packets are written with to the ids one peer negotiated. An extension the peer did not
/// negotiate is moved to an id the peer does not use, which RFC 8285 §4.1 tells it to ignore, so
/// the packet never needs to change length.
/// </summary>
public sealed class ExtensionIdMap
{
    // RFC 8285 §4.2: one-byte ids are 1..14; 0 is padding and 15 stops parsing.
    private const int MaxOneByteId = 14;
    private const ushort OneByteProfile = 0xBEDE;

    private readonly byte[] _map = new byte[16];
    private readonly bool _identity;

    /// <param name="negotiated">Source id → the peer's id for the same extension URI, for those the peer negotiated.</param>
    /// <param name="peerIds">Every id the peer uses, so unneeded extensions can be parked on an unused one.</param>
    public ExtensionIdMap(IReadOnlyDictionary<byte, byte> negotiated, IReadOnlyCollection<byte> peerIds)
    {
        ArgumentNullException.ThrowIfNull(negotiated);
        ArgumentNullException.ThrowIfNull(peerIds);
        var unused = Enumerable.Range(1, MaxOneByteId).Select(i => (byte)i).Where(i => !peerIds.Contains(i) && !negotiated.Values.Contains(i)).ToArray();
        var nextUnused = 0;
        _identity = true;
        for (var id = 0; id < 16; id++)
        {
            _map[id] = (byte)id;
        }

        for (byte id = 1; id <= MaxOneByteId; id++)
        {
            if (negotiated.TryGetValue(id, out var peerId))
            {
                _map[id] = peerId;
            }
            else if (peerIds.Contains(id) && nextUnused < unused.Length)
            {
                // Our id means something else to this peer: park our element on an id it ignores.
                _map[id] = unused[nextUnused++];
            }

            _identity &= _map[id] == id;
        }
    }

    /// <summary>Rewrites the extension ids of <paramref name="packet"/>; leaves packets without one-byte extensions alone.</summary>
    public void Apply(Span<byte> packet)
    {
        if (_identity || packet.Length < 12 || (packet[0] & 0x10) == 0)
        {
            return;
        }

        var offset = 12 + ((packet[0] & 0x0F) * 4);
        if (packet.Length < offset + 4 || BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]) != OneByteProfile)
        {
            return;
        }

        var end = offset + 4 + (BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]) * 4);
        if (end > packet.Length)
        {
            return;
        }

        var position = offset + 4;
        while (position < end)
        {
            var id = packet[position] >> 4;
            if (id == 0)
            {
                position++; // padding byte
                continue;
            }

            if (id == 15)
            {
                return;
            }

            var length = (packet[position] & 0x0F) + 1;
            packet[position] = (byte)((_map[id] << 4) | (packet[position] & 0x0F));
            position += 1 + length;
        }
    }
}
