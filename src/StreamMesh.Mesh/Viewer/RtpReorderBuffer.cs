namespace StreamMesh.Mesh.Viewer;

/// <summary>
/// Puts one RTP stream back into sequence order before it is depayloaded, holding packets behind a
/// hole until the hole is repaired (a NACKed packet arrives again, RFC 4585 §6.2.1) or has waited longer
/// than the window, then skipping it so the depayloader sees the loss. Slots are preallocated: no
/// allocation per packet. Not thread-safe; the caller serialises access.
/// </summary>
public sealed class RtpReorderBuffer
{
    private readonly byte[][] _slots;
    private readonly int[] _lengths;
    private readonly long[] _arrivals;
    private readonly int _mask;
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxWait;
    private bool _started;
    private ushort _next;
    private int _count;
    private long _holeSince = -1;

    /// <param name="capacity">Packets held at most; a power of two (sequence numbers index the slots).</param>
    /// <param name="maxPacketSize">Largest packet stored; longer ones are dropped and counted as malformed.</param>
    /// <param name="maxWait">How long a hole is waited for once a later packet has arrived.</param>
    public RtpReorderBuffer(int capacity, int maxPacketSize, TimeSpan maxWait, TimeProvider? timeProvider = null)
    {
        if (capacity < 2 || capacity > 32768 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentException($"capacity must be a power of two within 2-32768 (got {capacity})", nameof(capacity));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPacketSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWait, TimeSpan.Zero);
        _slots = new byte[capacity][];
        for (var i = 0; i < capacity; i++)
        {
            _slots[i] = new byte[maxPacketSize];
        }

        _lengths = new int[capacity];
        _arrivals = new long[capacity];
        _mask = capacity - 1;
        _maxWait = maxWait;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Packets currently held.</summary>
    public int Count => _count;

    /// <summary>Packets given up for lost: holes skipped after the wait, or dropped by a sequence jump.</summary>
    public long SkippedPackets { get; private set; }

    /// <summary>Times the buffer skipped over at least one missing packet.</summary>
    public long SkipEvents { get; private set; }

    /// <summary>Packets refused: already released or skipped, duplicated, or larger than a slot.</summary>
    public long RejectedPackets { get; private set; }

    /// <summary>Stores a packet. False when it came too late (its position was already released), is a duplicate or does not fit.</summary>
    public bool Insert(ReadOnlySpan<byte> packet, ushort sequenceNumber)
    {
        if (packet.Length > _slots[0].Length)
        {
            RejectedPackets++;
            return false;
        }

        if (!_started)
        {
            _started = true;
            _next = sequenceNumber;
        }

        var distance = (ushort)(sequenceNumber - _next);
        if (distance >= 0x8000)
        {
            RejectedPackets++;
            return false;
        }

        if (distance > _mask)
        {
            // Further ahead than the buffer reaches: everything before it is given up (RFC 3550 A.1
            // treats such a jump as loss or a restart; either way the held packets cannot be completed).
            SkipTo(sequenceNumber);
        }

        var slot = sequenceNumber & _mask;
        if (_lengths[slot] != 0)
        {
            RejectedPackets++;
            return false;
        }

        packet.CopyTo(_slots[slot]);
        _lengths[slot] = Math.Max(packet.Length, 1);
        _arrivals[slot] = _time.GetTimestamp();
        _count++;
        if (sequenceNumber != _next && _holeSince < 0)
        {
            _holeSince = _arrivals[slot];
        }

        return true;
    }

    /// <summary>
    /// Releases the next packet in order, skipping a hole whose wait has expired (or when the buffer is
    /// full). The span is valid until the next call on this buffer.
    /// </summary>
    public bool TryDequeue(out ReadOnlySpan<byte> packet, out ushort sequenceNumber)
    {
        packet = default;
        sequenceNumber = 0;
        if (_count == 0)
        {
            return false;
        }

        var slot = _next & _mask;
        if (_lengths[slot] == 0)
        {
            var waited = _holeSince >= 0 ? _time.GetElapsedTime(_holeSince) : TimeSpan.Zero;
            if (waited < _maxWait && _count < _slots.Length / 2)
            {
                return false;
            }

            SkipHole();
            slot = _next & _mask;
        }

        sequenceNumber = _next;
        packet = _slots[slot].AsSpan(0, _lengths[slot]);
        _lengths[slot] = 0;
        _count--;
        _next++;
        _holeSince = _count > 0 && _lengths[_next & _mask] == 0 ? EarliestArrival() : -1;
        return true;
    }

    /// <summary>Forgets every held packet; the next packet starts a fresh sequence.</summary>
    public void Clear()
    {
        Array.Clear(_lengths);
        _count = 0;
        _started = false;
        _holeSince = -1;
    }

    private void SkipHole()
    {
        var skipped = 0;
        while (_lengths[_next & _mask] == 0)
        {
            _next++;
            skipped++;
        }

        SkippedPackets += skipped;
        SkipEvents++;
    }

    private void SkipTo(ushort sequenceNumber)
    {
        // Release nothing: the held packets and the hole before the new packet are all counted lost.
        var lost = (ushort)(sequenceNumber - _next);
        SkippedPackets += lost - _count;
        RejectedPackets += _count;
        SkipEvents++;
        Array.Clear(_lengths);
        _count = 0;
        _next = sequenceNumber;
        _holeSince = -1;
    }

    private long EarliestArrival()
    {
        var earliest = long.MaxValue;
        for (int i = 0, seen = 0; i < _slots.Length && seen < _count; i++)
        {
            var slot = (_next + i) & _mask;
            if (_lengths[slot] != 0)
            {
                earliest = Math.Min(earliest, _arrivals[slot]);
                seen++;
            }
        }

        return earliest;
    }
}
