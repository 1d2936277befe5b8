using System.Diagnostics;

namespace StreamMesh.Mesh.Streams;

/// <summary>
/// Recycles the <see cref="ForwardedPacket"/> buffers of one stream. Renting happens on the
/// publishing thread, returning on whichever send worker drops the last reference; a short lock
/// around an array stack keeps both allocation-free. Beyond <c>maxRetained</c> idle packets the
/// surplus is left to the GC, so a burst cannot pin memory for ever.
/// </summary>
public sealed class ForwardedPacketPool
{
    private readonly Lock _lock = new();
    private readonly ForwardedPacket[] _idle;
    private int _idleCount;
    private long _created;
    private long _outstanding;

    public ForwardedPacketPool(int maxRetained = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRetained, 1);
        _idle = new ForwardedPacket[maxRetained];
    }

    /// <summary>Packets ever allocated (steady state: stops growing).</summary>
    public long Created => Interlocked.Read(ref _created);

    /// <summary>Packets rented and not yet returned: the GOP cache plus what child queues still hold.</summary>
    public long Outstanding => Interlocked.Read(ref _outstanding);

    /// <summary>A packet holding a copy of <paramref name="rtpPacket"/> with one reference, the caller's.</summary>
    public ForwardedPacket Rent(ReadOnlySpan<byte> rtpPacket, MediaKind kind, bool startsKeyframe)
    {
        if (rtpPacket.Length > ForwardedPacket.MaxLength)
        {
            throw new ArgumentException($"RTP packets above {ForwardedPacket.MaxLength} bytes are not forwarded.", nameof(rtpPacket));
        }

        ForwardedPacket? packet = null;
        lock (_lock)
        {
            if (_idleCount > 0)
            {
                packet = _idle[--_idleCount];
                _idle[_idleCount] = null!;
            }
        }

        if (packet is null)
        {
            packet = new ForwardedPacket(this);
            Interlocked.Increment(ref _created);
        }

        Interlocked.Increment(ref _outstanding);
        packet.Initialize(rtpPacket, kind, startsKeyframe, Stopwatch.GetTimestamp());
        return packet;
    }

    internal void Return(ForwardedPacket packet)
    {
        Interlocked.Decrement(ref _outstanding);
        lock (_lock)
        {
            if (_idleCount < _idle.Length)
            {
                _idle[_idleCount++] = packet;
            }
        }
    }
}
