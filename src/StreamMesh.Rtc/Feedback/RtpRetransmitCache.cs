using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StreamMesh.Rtc.Feedback;

/// <summary>
/// Copies of recently sent RTP packets keyed by sequence number, for answering NACKs from this hop
/// (RFC 4585 §3.2 / RFC 4588). A ring of fixed-size slots in one pooled buffer: slot = seq mod
/// capacity, so storing never allocates and a newer packet evicts the one 'capacity' numbers older.
/// Entries older than <see cref="RtpRetransmitCacheOptions.MaxAge"/> are treated as absent.
/// </summary>
/// <remarks>
/// Thread-safe: <see cref="Store(ReadOnlySpan{byte}, ushort)"/> and <see cref="TryCopyTo"/> take a lock,
/// so the send path and the RTCP path may run on different threads. <see cref="TryGet"/> returns a
/// view into the cache that the next store (or Dispose) may overwrite; use it only when the caller serialises
/// stores and lookups, otherwise use <see cref="TryCopyTo"/>.
/// </remarks>
public sealed class RtpRetransmitCache : IDisposable
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly long _maxAgeTimestampTicks;
    private readonly int _slotSize;
    private readonly int _mask;
    private readonly ushort[] _sequenceNumbers;
    private readonly int[] _lengths;
    private readonly long[] _storedAt;
    private byte[]? _buffer;

    /// <summary>Creates a cache; its memory is rented once here and returned by <see cref="Dispose"/>.</summary>
    public RtpRetransmitCache(RtpRetransmitCacheOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        Options = options ?? new RtpRetransmitCacheOptions();
        Options.Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        Capacity = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Options.MaxPackets);
        _mask = Capacity - 1;
        _slotSize = Options.MaxPacketSize;
        _maxAgeTimestampTicks = (long)(Options.MaxAge.TotalSeconds * _timeProvider.TimestampFrequency);
        _sequenceNumbers = new ushort[Capacity];
        _lengths = new int[Capacity];
        _storedAt = new long[Capacity];
        _buffer = ArrayPool<byte>.Shared.Rent(Capacity * _slotSize);
    }

    /// <summary>The options in force.</summary>
    public RtpRetransmitCacheOptions Options { get; }

    /// <summary>Number of slots (MaxPackets rounded up to a power of two).</summary>
    public int Capacity { get; }

    /// <summary>Packets stored since creation.</summary>
    public long StoredCount { get; private set; }

    /// <summary>Packets refused: empty, larger than a slot, or older than the live packet holding their slot.</summary>
    public long RejectedCount { get; private set; }

    /// <summary>Lookups answered.</summary>
    public long HitCount { get; private set; }

    /// <summary>Lookups for packets not held (never stored, evicted or expired).</summary>
    public long MissCount { get; private set; }

    /// <summary>Stores a serialized RTP packet, reading its sequence number from the header.</summary>
    public bool Store(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 12)
        {
            lock (_lock)
            {
                RejectedCount++;
            }

            return false;
        }

        return Store(packet, BinaryPrimitives.ReadUInt16BigEndian(packet[2..]));
    }

    /// <summary>
    /// Stores a copy of <paramref name="packet"/> under <paramref name="sequenceNumber"/>. Refused when
    /// too large, or when the slot holds a newer packet (a late store must not evict fresher data).
    /// </summary>
    public bool Store(ReadOnlySpan<byte> packet, ushort sequenceNumber)
    {
        lock (_lock)
        {
            byte[] buffer = _buffer ?? throw new ObjectDisposedException(nameof(RtpRetransmitCache));
            if (packet.IsEmpty || packet.Length > _slotSize)
            {
                RejectedCount++;
                FeedbackLog.RetransmitPacketTooLarge(_logger, sequenceNumber, packet.Length, _slotSize);
                return false;
            }

            int slot = sequenceNumber & _mask;
            long now = _timeProvider.GetTimestamp();
            if (_lengths[slot] > 0
                && SerialNumberArithmetic.IsNewer(_sequenceNumbers[slot], sequenceNumber)
                && !IsExpired(slot, now))
            {
                RejectedCount++;
                return false;
            }

            packet.CopyTo(buffer.AsSpan(slot * _slotSize, _slotSize));
            _sequenceNumbers[slot] = sequenceNumber;
            _lengths[slot] = packet.Length;
            _storedAt[slot] = now;
            StoredCount++;
            return true;
        }
    }

    /// <summary>
    /// Looks up a packet and returns a view into the cache. The view is valid only until the next
    /// store; see the threading remarks on the class.
    /// </summary>
    public bool TryGet(ushort sequenceNumber, out ReadOnlySpan<byte> packet)
    {
        lock (_lock)
        {
            if (!TryFindSlot(sequenceNumber, out int slot))
            {
                packet = default;
                return false;
            }

            packet = _buffer.AsSpan(slot * _slotSize, _lengths[slot]);
            return true;
        }
    }

    /// <summary>Copies a held packet into <paramref name="destination"/>; false when absent or the destination is too small.</summary>
    public bool TryCopyTo(ushort sequenceNumber, Span<byte> destination, out int written)
    {
        lock (_lock)
        {
            written = 0;
            if (!TryFindSlot(sequenceNumber, out int slot) || destination.Length < _lengths[slot])
            {
                return false;
            }

            _buffer.AsSpan(slot * _slotSize, _lengths[slot]).CopyTo(destination);
            written = _lengths[slot];
            return true;
        }
    }

    /// <summary>Drops every stored packet.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            Array.Clear(_lengths);
        }
    }

    /// <summary>Returns the pooled buffer; later calls fail.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_buffer is { } buffer)
            {
                _buffer = null;
                Array.Clear(_lengths);
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private bool TryFindSlot(ushort sequenceNumber, out int slot)
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        slot = sequenceNumber & _mask;
        if (_lengths[slot] == 0 || _sequenceNumbers[slot] != sequenceNumber || IsExpired(slot, _timeProvider.GetTimestamp()))
        {
            MissCount++;
            return false;
        }

        HitCount++;
        return true;
    }

    private bool IsExpired(int slot, long now) => now - _storedAt[slot] > _maxAgeTimestampTicks;
}
