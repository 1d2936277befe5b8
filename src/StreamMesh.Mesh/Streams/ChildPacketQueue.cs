namespace StreamMesh.Mesh.Streams;

/// <summary>
/// The bounded queue of packets waiting to be sent to one child: a single-producer (the stream's
/// publishing lock) single-consumer (the child's send worker) ring of references to shared
/// <see cref="ForwardedPacket"/>s. Full means the child is behind; the caller decides what to drop.
/// </summary>
internal sealed class ChildPacketQueue
{
    private readonly Entry[] _entries;
    private readonly int _mask;
    private long _head;
    private long _tail;

    public ChildPacketQueue(int capacity)
    {
        if (capacity < 2 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "must be a power of two ≥ 2");
        }

        _entries = new Entry[capacity];
        _mask = capacity - 1;
    }

    public int Capacity => _entries.Length;

    public int Count => (int)(Volatile.Read(ref _tail) - Volatile.Read(ref _head));

    public bool IsEmpty => Volatile.Read(ref _head) == Volatile.Read(ref _tail);

    public int Free => Capacity - Count;

    /// <summary>
    /// Producer only: the Stopwatch time the oldest queued packet was queued, 0 when empty. A racing
    /// dequeue may make it read 0 or a newer entry's time, which only understates the backlog once.
    /// </summary>
    public long OldestEnqueuedAt
    {
        get
        {
            var head = Volatile.Read(ref _head);
            return head == _tail ? 0 : Volatile.Read(ref _entries[head & _mask].EnqueuedAt);
        }
    }

    /// <summary>Producer only. The queue takes over the caller's reference when it returns true.</summary>
    public bool TryEnqueue(ForwardedPacket packet, ushort sequenceShift, long enqueuedAt)
    {
        var tail = _tail;
        if (tail - Volatile.Read(ref _head) >= _entries.Length)
        {
            return false;
        }

        ref var entry = ref _entries[tail & _mask];
        entry.Packet = packet;
        entry.SequenceShift = sequenceShift;
        entry.EnqueuedAt = enqueuedAt;
        Volatile.Write(ref _tail, tail + 1);
        return true;
    }

    /// <summary>Consumer only. The caller owns the returned reference.</summary>
    public bool TryDequeue(out ForwardedPacket packet, out ushort sequenceShift)
    {
        var head = _head;
        if (head == Volatile.Read(ref _tail))
        {
            packet = null!;
            sequenceShift = 0;
            return false;
        }

        ref var entry = ref _entries[head & _mask];
        packet = entry.Packet!;
        sequenceShift = entry.SequenceShift;
        entry = default;
        Volatile.Write(ref _head, head + 1);
        return true;
    }

    private struct Entry
    {
        public ForwardedPacket? Packet;
        public ushort SequenceShift;
        public long EnqueuedAt;
    }
}
