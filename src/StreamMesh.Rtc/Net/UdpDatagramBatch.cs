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
/// Not thread-safe: one owner (a send worker) reserves, commits and flushes. A batch holds datagrams
/// for one <see cref="UdpMux"/> at a time; reserving for another mux flushes first. Allocation-free
/// after construction.
/// </remarks>
public sealed unsafe class UdpDatagramBatch : IDisposable
{
    /// <summary>Bytes per slot: a full 1500-byte RTP packet plus the largest SRTP tag and MKI.</summary>
    public const int SlotSize = 1600;

    private readonly byte[] _buffers;
    private readonly int[] _lengths;
    private readonly SocketAddress?[] _addresses;
    private readonly LinuxSendMmsg.MultiMessageHeader* _headers;
    private readonly LinuxSendMmsg.IoVector* _vectors;
    private readonly byte* _names;
    private UdpMux? _mux;
    private int _count;
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
        _headers = (LinuxSendMmsg.MultiMessageHeader*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(LinuxSendMmsg.MultiMessageHeader)));
        _vectors = (LinuxSendMmsg.IoVector*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(LinuxSendMmsg.IoVector)));
        _names = (byte*)NativeMemory.AllocZeroed((nuint)(capacity * LinuxSendMmsg.NameCapacity));
        var buffers = (byte*)Marshal.UnsafeAddrOfPinnedArrayElement(_buffers, 0);
        for (var i = 0; i < capacity; i++)
        {
            _vectors[i].Base = (nint)(buffers + (i * SlotSize));
            _headers[i].Header.Vectors = (nint)(_vectors + i);
            _headers[i].Header.VectorCount = 1;
            _headers[i].Header.Name = (nint)(_names + (i * LinuxSendMmsg.NameCapacity));
        }
    }

    public int Capacity { get; }

    /// <summary>Datagrams committed and not yet flushed.</summary>
    public int Count => _count;

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

        _mux = mux;
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
        remote.Buffer.Span[..remote.Size].CopyTo(new Span<byte>(_names + (i * LinuxSendMmsg.NameCapacity), LinuxSendMmsg.NameCapacity));
        _headers[i].Header.NameLength = (uint)remote.Size;
        _count++;
    }

    /// <summary>Hands every committed datagram to the kernel.</summary>
    /// <returns>How many the socket accepted.</returns>
    public int Flush()
    {
        _reserved = false;
        if (_count == 0 || _mux is null)
        {
            _count = 0;
            return 0;
        }

        var sent = _mux.SendBatch(this);
        for (var i = 0; i < _count; i++)
        {
            _addresses[i] = null;
        }

        _count = 0;
        return sent;
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    ~UdpDatagramBatch() => Free();

    internal LinuxSendMmsg.MultiMessageHeader* Headers => _headers;

    internal ReadOnlySpan<byte> Datagram(int index) => _buffers.AsSpan(index * SlotSize, _lengths[index]);

    internal SocketAddress Address(int index) => _addresses[index]!;

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
    }
}
