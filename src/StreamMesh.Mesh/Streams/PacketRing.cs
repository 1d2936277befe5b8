namespace StreamMesh.Mesh.Streams;

/// <summary>
/// The current GOP of a stream: references to the shared packets from the last keyframe's first
/// packet to now, so a new subscriber can be sent a decodable picture at once without copying.
/// Bounded: packets beyond the bound are not kept (a new subscriber then waits for the next
/// keyframe). Not thread-safe: the owning stream serialises access.
/// </summary>
public sealed class PacketRing : IDisposable
{
    private readonly ForwardedPacket?[] _packets;
    private int _count;
    private bool _overflowed;

    public PacketRing(int maxPackets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPackets, 1);
        _packets = new ForwardedPacket?[maxPackets];
    }

    public int Count => _count;

    /// <summary>True when the current GOP did not fit and the cache cannot give a complete picture.</summary>
    public bool Overflowed => _overflowed;

    public ForwardedPacket this[int index] => index < _count ? _packets[index]! : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Starts a new GOP, releasing the references to the previous one.</summary>
    public void Reset()
    {
        for (var i = 0; i < _count; i++)
        {
            _packets[i]!.Release();
            _packets[i] = null;
        }

        _count = 0;
        _overflowed = false;
    }

    /// <summary>Keeps a reference to <paramref name="packet"/> (the ring takes its own).</summary>
    public void Append(ForwardedPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (_count == _packets.Length)
        {
            _overflowed = true;
            return;
        }

        packet.AddReference();
        _packets[_count++] = packet;
    }

    public void Dispose() => Reset();
}
