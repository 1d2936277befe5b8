using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StreamMesh.Rtc.Feedback;

/// <summary>
/// Receiver-side NACK scheduling (RFC 4585 §3.2, §6.2.1): tracks arriving sequence numbers, records
/// gaps, and hands out the sequence numbers due for a (re)request. A missing packet is requested at
/// once, then again every retry interval (the RTT, clamped) until it arrives, is made useless by a
/// keyframe, reaches the retry limit or grows too old. The list is bounded; overflow clears it and
/// asks for a keyframe instead.
/// </summary>
/// <remarks>
/// Thread-safe (one lock), so the receive path and a feedback timer may call it concurrently.
/// Typical use: call <see cref="OnPacket"/> for every RTP packet of the stream (after RTX unwrap),
/// and every 10-20 ms (or on <see cref="NackPacketOutcome.GapDetected"/>) call
/// <see cref="CollectDue"/> and, if it returns any, send a Generic NACK built with
/// <c>GenericNack.BuildPairs</c>. Zero allocation after construction.
/// </remarks>
public sealed class NackGenerator
{
    // RFC 3550 A.1 MAX_DROPOUT: a packet this far behind is either ancient or a restarted sender.
    private const int MaxDropout = 3000;

    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly long[] _sequence;
    private readonly long[] _detectedAt;
    private readonly long[] _lastSentAt;
    private readonly int[] _retries;
    private readonly bool[] _active;
    private int _head;
    private int _count;
    private int _activeCount;
    private long _highest;
    private bool _started;
    private int _restartCandidate = -1;
    private TimeSpan _retryInterval;

    /// <summary>Creates a generator for one inbound stream.</summary>
    public NackGenerator(NackGeneratorOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        Options = options ?? new NackGeneratorOptions();
        Options.Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        int capacity = Options.MaxMissing;
        _sequence = new long[capacity];
        _detectedAt = new long[capacity];
        _lastSentAt = new long[capacity];
        _retries = new int[capacity];
        _active = new bool[capacity];
        _retryInterval = Options.DefaultRetryInterval;
    }

    /// <summary>The options in force.</summary>
    public NackGeneratorOptions Options { get; }

    /// <summary>Packets currently tracked as missing.</summary>
    public int MissingCount
    {
        get
        {
            lock (_lock)
            {
                return _activeCount;
            }
        }
    }

    /// <summary>Current interval between NACKs for the same packet.</summary>
    public TimeSpan RetryInterval
    {
        get
        {
            lock (_lock)
            {
                return _retryInterval;
            }
        }
    }

    /// <summary>Feeds a measured round-trip time; the retry interval follows it within the configured clamps.</summary>
    public void UpdateRoundTripTime(TimeSpan roundTripTime)
    {
        lock (_lock)
        {
            _retryInterval = roundTripTime < Options.MinRetryInterval
                ? Options.MinRetryInterval
                : roundTripTime > Options.MaxRetryInterval ? Options.MaxRetryInterval : roundTripTime;
        }
    }

    /// <summary>
    /// Records an arriving packet. Pass <paramref name="isKeyframeStart"/> only for the first packet of
    /// a keyframe: packets missing before it are no longer needed by the decoder and are dropped.
    /// </summary>
    public NackPacketOutcome OnPacket(ushort sequenceNumber, bool isKeyframeStart = false)
    {
        lock (_lock)
        {
            long now = _timeProvider.GetTimestamp();
            if (!_started)
            {
                Restart(sequenceNumber);
                return NackPacketOutcome.None;
            }

            // Unwrap against the highest packet seen, so stale packets never move the reference point.
            long extended = _highest + SerialNumberArithmetic.Distance(sequenceNumber, unchecked((ushort)_highest));
            NackPacketOutcome outcome;
            if (extended > _highest)
            {
                _restartCandidate = -1;
                outcome = AddGap(_highest + 1, extended, now);
                _highest = extended;
            }
            else if (extended == _highest)
            {
                outcome = NackPacketOutcome.Stale;
            }
            else if (Remove(extended))
            {
                outcome = NackPacketOutcome.Recovered;
            }
            else if (_highest - extended > MaxDropout)
            {
                // RFC 3550 A.1: only a second, consecutive packet confirms that the sender restarted.
                if (sequenceNumber == _restartCandidate)
                {
                    FeedbackLog.NackStreamRestart(_logger, sequenceNumber, _highest - extended);
                    Restart(sequenceNumber);
                    return NackPacketOutcome.None;
                }

                _restartCandidate = unchecked((ushort)(sequenceNumber + 1));
                outcome = NackPacketOutcome.Stale;
            }
            else
            {
                outcome = NackPacketOutcome.Stale;
            }

            if (isKeyframeStart)
            {
                RemoveOlderThan(extended);
            }

            return outcome;
        }
    }

    /// <summary>
    /// Writes the sequence numbers due for a NACK now (ascending) into <paramref name="destination"/>
    /// and returns how many. Entries past their retry limit or age are dropped here. When the
    /// destination fills up, the rest stay due for the next call.
    /// </summary>
    public int CollectDue(Span<ushort> destination)
    {
        lock (_lock)
        {
            long now = _timeProvider.GetTimestamp();
            int written = 0;
            for (int i = 0; i < _count; i++)
            {
                int slot = SlotAt(i);
                if (!_active[slot])
                {
                    continue;
                }

                if (_retries[slot] >= Options.MaxRetries || _timeProvider.GetElapsedTime(_detectedAt[slot], now) > Options.MaxAge)
                {
                    Deactivate(slot);
                    continue;
                }

                if (written == destination.Length)
                {
                    break;
                }

                if (_retries[slot] == 0 || _timeProvider.GetElapsedTime(_lastSentAt[slot], now) >= _retryInterval)
                {
                    destination[written++] = unchecked((ushort)_sequence[slot]);
                    _lastSentAt[slot] = now;
                    _retries[slot]++;
                }
            }

            TrimHead();
            return written;
        }
    }

    /// <summary>Forgets everything; the next packet starts a fresh sequence.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _started = false;
            ClearList();
        }
    }

    private void Restart(ushort sequenceNumber)
    {
        _highest = sequenceNumber;
        _started = true;
        _restartCandidate = -1;
        ClearList();
    }

    private NackPacketOutcome AddGap(long first, long end, long now)
    {
        long gap = end - first;
        if (gap <= 0)
        {
            return NackPacketOutcome.None;
        }

        if (_activeCount + gap > Options.MaxMissing)
        {
            FeedbackLog.NackListOverflow(_logger, _activeCount + gap, Options.MaxMissing);
            ClearList();
            return NackPacketOutcome.KeyframeRequired;
        }

        if (_count + gap > _sequence.Length)
        {
            Compact();
        }

        for (long sequence = first; sequence < end; sequence++)
        {
            int slot = SlotAt(_count++);
            _sequence[slot] = sequence;
            _detectedAt[slot] = now;
            _lastSentAt[slot] = 0;
            _retries[slot] = 0;
            _active[slot] = true;
            _activeCount++;
        }

        return NackPacketOutcome.GapDetected;
    }

    private bool Remove(long sequence)
    {
        // Entries are appended in ascending order, so the ring is sorted: binary search it.
        int low = 0;
        int high = _count - 1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            int slot = SlotAt(middle);
            long value = _sequence[slot];
            if (value == sequence)
            {
                if (!_active[slot])
                {
                    return false;
                }

                Deactivate(slot);
                TrimHead();
                return true;
            }

            if (value < sequence)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return false;
    }

    private void RemoveOlderThan(long sequence)
    {
        for (int i = 0; i < _count; i++)
        {
            int slot = SlotAt(i);
            if (_sequence[slot] >= sequence)
            {
                break;
            }

            if (_active[slot])
            {
                Deactivate(slot);
            }
        }

        TrimHead();
    }

    private void Deactivate(int slot)
    {
        _active[slot] = false;
        _activeCount--;
    }

    private void TrimHead()
    {
        while (_count > 0 && !_active[_head])
        {
            _head = (_head + 1) % _sequence.Length;
            _count--;
        }

        if (_count == 0)
        {
            _head = 0;
        }
    }

    private void Compact()
    {
        int write = 0;
        for (int read = 0; read < _count; read++)
        {
            int from = SlotAt(read);
            if (!_active[from])
            {
                continue;
            }

            // Compacting towards the head never overtakes the read position, so nothing is overwritten early.
            int to = SlotAt(write++);
            _sequence[to] = _sequence[from];
            _detectedAt[to] = _detectedAt[from];
            _lastSentAt[to] = _lastSentAt[from];
            _retries[to] = _retries[from];
            _active[to] = true;
        }

        for (int i = write; i < _count; i++)
        {
            _active[SlotAt(i)] = false;
        }

        _count = write;
    }

    private void ClearList()
    {
        Array.Clear(_active);
        _head = 0;
        _count = 0;
        _activeCount = 0;
    }

    private int SlotAt(int index) => (_head + index) % _sequence.Length;
}
