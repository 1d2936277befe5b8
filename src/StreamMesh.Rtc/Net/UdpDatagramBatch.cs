using System.Net;
using System.Runtime.InteropServices;

namespace StreamMesh.Rtc.Net;

/// <summary>
/// Datagrams collected by one sending thread and handed to the kernel together: on Linux with one
/// sendmmsg(2) per batch, elsewhere one sendto per datagram. A datagram is written straight into
/// the batch's own pinned slot (<see cref="Reserve"/>), protected there in place and committed with
/// its destination, so nothing is copied again before the kernel reads it.
/// </summary>
/// <remarks>
/// <para>
/// Consecutive datagrams to one destination are committed into one message with UDP generic
/// segmentation offload (UDP_SEGMENT, Linux 4.18+) when the mux allows it
/// (<see cref="UdpMux.SendsSegmentedMessages"/>): the kernel walks the UDP/IP stack, the route and,
/// on loopback, the receiver's input path once per message instead of once per datagram, and cuts
/// it into the original datagrams at the end (the device, or the receiving socket on loopback).
/// That is the fan-out's shape: a send worker drains one child's queue at a time, so a frame's
/// packets to one child sit side by side. The kernel's rule decides what joins a message: every
/// segment has the size of the first, except the last, which may be shorter; a datagram that does
/// not fit starts a new message.
/// </para>
/// <para>
/// Not thread-safe: one owner (a send worker) reserves, commits and flushes. A batch holds datagrams
/// for one <see cref="UdpMux"/> at a time; reserving for another mux flushes first. Allocation-free
/// after construction.
/// </para>
/// </remarks>
public sealed unsafe class UdpDatagramBatch : IDisposable
{
    /// <summary>Bytes per slot: a full 1500-byte RTP packet plus the largest SRTP tag and MKI.</summary>
    public const int SlotSize = 1600;

    /// <summary>The kernel's limit on segments per UDP_SEGMENT message (UDP_MAX_SEGMENTS).</summary>
    public const int MaxSegmentsPerMessage = 64;

    /// <summary>
    /// Bytes of payload per segmented message: under IPv4's 65,507-byte UDP payload limit with room
    /// to spare, so a message never needs to be split again.
    /// </summary>
    private const int MaxMessagePayload = 60_000;

    private readonly byte[] _buffers;
    private readonly int[] _lengths;
    private readonly SocketAddress?[] _addresses;
    private readonly int[] _firstDatagram;
    private readonly int[] _messageBytes;
    private readonly LinuxSendMmsg.MultiMessageHeader* _headers;
    private readonly LinuxSendMmsg.IoVector* _vectors;
    private readonly byte* _names;
    private readonly byte* _controls;
    private UdpMux? _mux;
    private bool _segmenting;
    private int _count;
    private int _messages;
    private bool _reserved;
    private bool _disposed;

    /// <param name="capacity">Datagrams per system call (Linux caps sendmmsg at 1024; 32–64 is the useful range).</param>
    public UdpDatagramBatch(int capacity = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 1024);
        Capacity = capacity;
        _buffers = GC.AllocateUninitializedArray<byte>(capacity * SlotSize, pinned: true);
        _lengths = new int[capacity];
        _addresses = new SocketAddress?[capacity];
        _firstDatagram = new int[capacity];
        _messageBytes = new int[capacity];
        _headers = (LinuxSendMmsg.MultiMessageHeader*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(LinuxSendMmsg.MultiMessageHeader)));
        _vectors = (LinuxSendMmsg.IoVector*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(LinuxSendMmsg.IoVector)));
        _names = (byte*)NativeMemory.AllocZeroed((nuint)(capacity * LinuxSendMmsg.NameCapacity));
        _controls = (byte*)NativeMemory.AllocZeroed((nuint)(capacity * LinuxSendMmsg.SegmentControlSize));
        var buffers = (byte*)Marshal.UnsafeAddrOfPinnedArrayElement(_buffers, 0);
        for (var i = 0; i < capacity; i++)
        {
            _vectors[i].Base = (nint)(buffers + (i * SlotSize));
            _headers[i].Header.Name = (nint)(_names + (i * LinuxSendMmsg.NameCapacity));
            LinuxSendMmsg.WriteSegmentControlHeader(_controls + (i * LinuxSendMmsg.SegmentControlSize));
        }
    }

    public int Capacity { get; }

    /// <summary>Datagrams committed and not yet flushed.</summary>
    public int Count => _count;

    /// <summary>Flushes that handed datagrams to the kernel, including those <see cref="Reserve"/> made for a full batch.</summary>
    public long Flushes { get; private set; }

    /// <summary>
    /// Messages the committed datagrams form: one per datagram, or fewer where consecutive
    /// datagrams to one destination were joined into a segmented message.
    /// </summary>
    public int MessageCount => _messages;

    /// <summary>
    /// The slot the next datagram is written into, flushing first when the batch is full or holds
    /// datagrams of another mux. Follow with <see cref="Commit"/>, or simply reserve again to abandon it.
    /// </summary>
    public Span<byte> Reserve(UdpMux mux)
    {
        ArgumentNullException.ThrowIfNull(mux);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_count == Capacity || (_mux is not null && !ReferenceEquals(_mux, mux)))
        {
            Flush();
        }

        if (_count == 0)
        {
            _mux = mux;
            _segmenting = mux.SendsSegmentedMessages;
        }

        _reserved = true;
        return _buffers.AsSpan(_count * SlotSize, SlotSize);
    }

    /// <summary>Queues the first <paramref name="length"/> bytes of the reserved slot for <paramref name="remote"/>.</summary>
    public void Commit(int length, SocketAddress remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (!_reserved)
        {
            throw new InvalidOperationException("Reserve a slot before committing it.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, SlotSize);
        if (remote.Size > LinuxSendMmsg.NameCapacity)
        {
            throw new ArgumentException("Socket address too large.", nameof(remote));
        }

        _reserved = false;
        var i = _count;
        _lengths[i] = length;
        _addresses[i] = remote;
        _vectors[i].Length = (nuint)length;
        _count++;
        if (!TryJoinLastMessage(length, remote))
        {
            StartMessage(i, length, remote);
        }
    }

    /// <summary>Hands every committed datagram to the kernel.</summary>
    /// <returns>How many datagrams the socket accepted.</returns>
    public int Flush()
    {
        _reserved = false;
        if (_count == 0 || _mux is null)
        {
            _count = 0;
            _messages = 0;
            return 0;
        }

        for (var m = 0; m < _messages; m++)
        {
            ref var header = ref _headers[m].Header;
            var segments = (int)header.VectorCount;
            if (segments > 1)
            {
                // udp(7): a UDP_SEGMENT control message carries the segment size (u16) of this message.
                var control = _controls + (m * LinuxSendMmsg.SegmentControlSize);
                LinuxSendMmsg.WriteSegmentSize(control, (ushort)SegmentSize(m));
                header.Control = (nint)control;
                header.ControlLength = LinuxSendMmsg.SegmentControlSize;
            }
            else
            {
                header.Control = 0;
                header.ControlLength = 0;
            }
        }

        var sent = _mux.SendBatch(this);
        Flushes++;
        for (var i = 0; i < _count; i++)
        {
            _addresses[i] = null;
        }

        _count = 0;
        _messages = 0;
        return sent;
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    ~UdpDatagramBatch() => Free();

    internal LinuxSendMmsg.MultiMessageHeader* Headers => _headers;

    /// <summary>Index of the first datagram of message <paramref name="message"/>.</summary>
    internal int FirstDatagram(int message) => _firstDatagram[message];

    /// <summary>Datagrams in message <paramref name="message"/> (1 unless segmented).</summary>
    internal int Segments(int message) => (int)_headers[message].Header.VectorCount;

    internal ReadOnlySpan<byte> Datagram(int index) => _buffers.AsSpan(index * SlotSize, _lengths[index]);

    internal SocketAddress Address(int index) => _addresses[index]!;

    private bool TryJoinLastMessage(int length, SocketAddress remote)
    {
        if (!_segmenting || _messages == 0)
        {
            return false;
        }

        var m = _messages - 1;
        ref var header = ref _headers[m].Header;
        var segments = (int)header.VectorCount;
        var segmentSize = SegmentSize(m);

        // The datagram just committed is slot _count - 1; the message's last one is the slot before it.
        var closed = _lengths[_firstDatagram[m] + segments - 1] < segmentSize;
        if (closed
            || length > segmentSize
            || segments >= MaxSegmentsPerMessage
            || _messageBytes[m] + length > MaxMessagePayload
            || !ReferenceEquals(_addresses[_firstDatagram[m]], remote) && !SameAddress(m, remote))
        {
            return false;
        }

        // The message's iovecs are consecutive slots; the kernel reads them as one payload.
        header.VectorCount++;
        _messageBytes[m] += length;
        return true;
    }

    /// <summary>A message's segment size: its first datagram's length (only the last may be shorter).</summary>
    private int SegmentSize(int message) => _lengths[_firstDatagram[message]];

    private bool SameAddress(int message, SocketAddress remote) =>
        _headers[message].Header.NameLength == (uint)remote.Size
        && remote.Buffer.Span[..remote.Size].SequenceEqual(new ReadOnlySpan<byte>(_names + (message * LinuxSendMmsg.NameCapacity), remote.Size));

    private void StartMessage(int datagram, int length, SocketAddress remote)
    {
        var m = _messages++;
        _firstDatagram[m] = datagram;
        _messageBytes[m] = length;
        ref var header = ref _headers[m].Header;
        header.Vectors = (nint)(_vectors + datagram);
        header.VectorCount = 1;
        remote.Buffer.Span[..remote.Size].CopyTo(new Span<byte>(_names + (m * LinuxSendMmsg.NameCapacity), LinuxSendMmsg.NameCapacity));
        header.NameLength = (uint)remote.Size;
    }

    private void Free()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        NativeMemory.Free(_headers);
        NativeMemory.Free(_vectors);
        NativeMemory.Free(_names);
        NativeMemory.Free(_controls);
    }
}
