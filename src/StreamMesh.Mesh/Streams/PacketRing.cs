using System.Buffers;

namespace StreamMesh.Mesh.Streams;

/// <summary>
/// Bounded copy of recently published packets of one GOP: from the last keyframe's first packet to
/// now, so a new subscriber can be sent a decodable picture at once. Memory is pooled and bounded
/// (packets beyond the bound are not kept; the subscriber then waits for the next keyframe).
/// Not thread-safe: the owning stream serialises access.
/// </summary>
public sealed class PacketRing : IDisposable
{
    private readonly int _maxPackets;
    private readonly byte[][] _buffers;
    private readonly int[] _lengths;
    private int _count;
    private bool _overflowed;

    public PacketRing(int maxPackets, int maxPacketSize = 1500)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPackets, 1);
        _maxPackets = maxPackets;
        _buffers = new byte[maxPackets][];
        _lengths = new int[maxPackets];
        for (var i = 0; i < maxPackets; i++)
        {
            _buffers[i] = ArrayPool<byte>.Shared.Rent(maxPacketSize);
        }
    }

    public int Count => _count;

    /// <summary>True when the current GOP did not fit and the cache cannot give a complete picture.</summary>
    public bool Overflowed => _overflowed;

    public void Reset()
    {
        _count = 0;
        _overflowed = false;
    }

    public void Append(ReadOnlySpan<byte> packet)
    {
        if (_count == _maxPackets || packet.Length > _buffers[0].Length)
        {
            _overflowed = true;
            return;
        }

        packet.CopyTo(_buffers[_count]);
        _lengths[_count] = packet.Length;
        _count++;
    }

    public ReadOnlySpan<byte> this[int index] => _buffers[index].AsSpan(0, _lengths[index]);

    public void Dispose()
    {
        foreach (var buffer in _buffers)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
