using System.Net;

namespace StreamMesh.Rtc.Net;

/// <summary>
/// Holds outbound datagrams back by the delay an <see cref="IUdpSendDelayPolicy"/> assigns and sends
/// them when it has passed: latency <em>emulation</em> in user space for tests and tools, not a
/// production feature.
/// </summary>
/// <remarks>
/// One FIFO lane per distinct delay: within a lane the due times are enqueue order, so only the
/// lane heads need watching and one timer (from the injected <see cref="TimeProvider"/>) armed for
/// the earliest head drives everything. Slots are fixed-size buffers allocated on first use and
/// reused, so a steady stream allocates nothing per datagram. A full lane drops the datagram (and
/// counts it), like a router queue would; a datagram larger than a slot is sent at once.
/// Threading: <see cref="TryDefer"/> from any thread; releases run on the timer's thread, one
/// drain at a time, outside the enqueue lock.
/// </remarks>
public sealed class UdpSendDelayQueue : IDisposable
{
    private const int MaxLanes = 16;

    private readonly IUdpSendDelayPolicy _policy;
    private readonly UdpDatagramSender _send;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private readonly Lock _drainGate = new();
    private readonly Lane[] _lanes = new Lane[MaxLanes];
    private readonly int _capacity;
    private readonly int _slotSize;
    private int _laneCount;
    private long _armedDue = long.MaxValue;
    private long _deferred;
    private long _overflowed;
    private long _released;
    private int _disposed;

    /// <param name="policy">Delay per remote address.</param>
    /// <param name="send">The undelayed send the held datagrams are released into.</param>
    /// <param name="time">Clock and timer source.</param>
    /// <param name="capacityPerLane">Datagrams a lane holds at most (delay × packet rate must fit).</param>
    /// <param name="slotSize">Largest datagram that is delayed; larger ones go out at once.</param>
    public UdpSendDelayQueue(IUdpSendDelayPolicy policy, UdpDatagramSender send, TimeProvider time, int capacityPerLane = 16_384, int slotSize = 1_600)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(send);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityPerLane, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(slotSize, 1);
        _policy = policy;
        _send = send;
        _time = time;
        _capacity = capacityPerLane;
        _slotSize = slotSize;
        _timer = time.CreateTimer(static state => ((UdpSendDelayQueue)state!).Drain(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Datagrams held back so far.</summary>
    public long Deferred => Interlocked.Read(ref _deferred);

    /// <summary>Datagrams dropped because their lane was full.</summary>
    public long Overflowed => Interlocked.Read(ref _overflowed);

    /// <summary>Held datagrams sent after their delay.</summary>
    public long Released => Interlocked.Read(ref _released);

    /// <summary>
    /// Takes the datagram when the policy delays it (copying it into a slot); returns false when it
    /// must be sent now by the caller.
    /// </summary>
    public bool TryDefer(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (Volatile.Read(ref _disposed) != 0 || datagram.Length > _slotSize)
        {
            return false;
        }

        TimeSpan delay = _policy.GetDelay(remote);
        if (delay <= TimeSpan.Zero)
        {
            return false;
        }

        long delayTicks = (long)(delay.TotalSeconds * _time.TimestampFrequency);
        lock (_gate)
        {
            Lane? lane = FindOrAddLane(delayTicks);
            if (lane is null)
            {
                return false;
            }

            if (lane.Count == _capacity)
            {
                _overflowed++;
                return true;
            }

            int index = (lane.Head + lane.Count) % _capacity;
            byte[] slot = lane.Buffers[index] ??= new byte[_slotSize];
            datagram.CopyTo(slot);
            lane.Lengths[index] = datagram.Length;
            lane.Addresses[index] = remote;
            long due = _time.GetTimestamp() + delayTicks;
            lane.Due[index] = due;
            lane.Count++;
            _deferred++;
            if (due < _armedDue)
            {
                Arm(due);
            }
        }

        return true;
    }

    /// <summary>Stops the timer; datagrams still held are discarded.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _timer.Dispose();
        }
    }

    private Lane? FindOrAddLane(long delayTicks)
    {
        for (int i = 0; i < _laneCount; i++)
        {
            if (_lanes[i].DelayTicks == delayTicks)
            {
                return _lanes[i];
            }
        }

        if (_laneCount == MaxLanes)
        {
            return null;
        }

        var lane = new Lane(delayTicks, _capacity);
        _lanes[_laneCount++] = lane;
        return lane;
    }

    // Caller holds _gate.
    private void Arm(long due)
    {
        _armedDue = due;
        long wait = Math.Max(0, due - _time.GetTimestamp());
        _timer.Change(TimeSpan.FromSeconds((double)wait / _time.TimestampFrequency), Timeout.InfiniteTimeSpan);
    }

    private void Drain()
    {
        lock (_drainGate)
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                return;
            }

            lock (_gate)
            {
                _armedDue = long.MaxValue;
            }

            long now = _time.GetTimestamp();
            for (int i = 0; i < Volatile.Read(ref _laneCount); i++)
            {
                DrainLane(_lanes[i], now);
            }

            lock (_gate)
            {
                long next = long.MaxValue;
                for (int i = 0; i < _laneCount; i++)
                {
                    Lane lane = _lanes[i];
                    if (lane.Count > 0 && lane.Due[lane.Head] < next)
                    {
                        next = lane.Due[lane.Head];
                    }
                }

                if (next != long.MaxValue && next < _armedDue)
                {
                    Arm(next);
                }
            }
        }
    }

    private void DrainLane(Lane lane, long now)
    {
        while (true)
        {
            int index;
            SocketAddress? remote;
            lock (_gate)
            {
                if (lane.Count == 0 || lane.Due[lane.Head] > now)
                {
                    return;
                }

                index = lane.Head;
                remote = lane.Addresses[index];
            }

            // The slot stays owned by the lane until Head moves past it, so producers cannot overwrite it.
            if (remote is not null)
            {
                _send(lane.Buffers[index]!.AsSpan(0, lane.Lengths[index]), remote);
            }

            lock (_gate)
            {
                lane.Addresses[index] = null;
                lane.Head = (lane.Head + 1) % _capacity;
                lane.Count--;
                _released++;
            }
        }
    }

    private sealed class Lane(long delayTicks, int capacity)
    {
        public long DelayTicks { get; } = delayTicks;

        public byte[]?[] Buffers { get; } = new byte[]?[capacity];

        public int[] Lengths { get; } = new int[capacity];

        public SocketAddress?[] Addresses { get; } = new SocketAddress?[capacity];

        public long[] Due { get; } = new long[capacity];

        public int Head { get; set; }

        public int Count { get; set; }
    }
}
