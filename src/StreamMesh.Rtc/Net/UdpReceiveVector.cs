using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace StreamMesh.Rtc.Net;

/// <summary>
/// The message vector for recvmmsg(2) of one <see cref="UdpReceivePoller"/> thread or one mux's own
/// receive thread: per slot a buffer (64 KB by default: a GRO receive may coalesce up to 64 KB of
/// datagrams), room for the source address and for control messages, and one reused
/// <see cref="SocketAddress"/> the address is copied into, so a received datagram is routed without
/// allocating.
/// </summary>
/// <remarks>Owned by one thread; native memory, freed by <see cref="Dispose"/>.</remarks>
internal sealed unsafe class UdpReceiveVector : IDisposable
{
    /// <summary>The largest UDP payload plus headers: what one coalesced receive can hold.</summary>
    public const int BufferSize = 65_536;

    /// <summary>Room for a few control messages; UDP_GRO's needs CMSG_SPACE(sizeof(int)) = 24 bytes.</summary>
    private const int ControlCapacity = 64;

    /// <summary>sizeof(struct sockaddr_in); anything else a mux socket receives from is a sockaddr_in6.</summary>
    private const uint IPv4AddressSize = 16;

    private readonly int _bufferSize;
    private readonly byte* _buffers;
    private readonly byte* _names;
    private readonly byte* _controls;
    private readonly LinuxSendMmsg.IoVector* _vectors;
    private readonly SocketAddress[] _addressesV4;
    private readonly SocketAddress[] _addressesV6;
    private bool _disposed;

    /// <param name="count">Slots: the most messages one recvmmsg call takes.</param>
    /// <param name="bufferSize">Bytes per slot; a longer datagram is cut short (<see cref="IsTruncated"/>).</param>
    public UdpReceiveVector(int count, int bufferSize = BufferSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bufferSize, BufferSize);
        Count = count;
        _bufferSize = bufferSize;
        _buffers = (byte*)NativeMemory.Alloc((nuint)count * (nuint)bufferSize);
        _names = (byte*)NativeMemory.AllocZeroed((nuint)(count * LinuxSendMmsg.NameCapacity));
        _controls = (byte*)NativeMemory.AllocZeroed((nuint)(count * ControlCapacity));
        _vectors = (LinuxSendMmsg.IoVector*)NativeMemory.AllocZeroed((nuint)(count * sizeof(LinuxSendMmsg.IoVector)));
        Headers = (LinuxSendMmsg.MultiMessageHeader*)NativeMemory.AllocZeroed((nuint)(count * sizeof(LinuxSendMmsg.MultiMessageHeader)));
        _addressesV4 = new SocketAddress[count];
        _addressesV6 = new SocketAddress[count];
        for (int i = 0; i < count; i++)
        {
            // One per family: SocketAddress equality (the routing table's key) compares whole buffers,
            // so an IPv4 source must land in a 16-byte one, as the mux's own loops receive it.
            _addressesV4[i] = new SocketAddress(AddressFamily.InterNetwork);
            _addressesV6[i] = new SocketAddress(AddressFamily.InterNetworkV6);
            _vectors[i].Base = (nint)(_buffers + ((nint)i * bufferSize));
            _vectors[i].Length = (nuint)bufferSize;
            Headers[i].Header.Vectors = (nint)(_vectors + i);
            Headers[i].Header.VectorCount = 1;
            Headers[i].Header.Name = (nint)(_names + (i * LinuxSendMmsg.NameCapacity));
            Headers[i].Header.Control = (nint)(_controls + (i * ControlCapacity));
        }
    }

    public int Count { get; }

    public LinuxSendMmsg.MultiMessageHeader* Headers { get; }

    /// <summary>
    /// One recvmmsg(2) into every slot: the number of messages, or -1 with the errno in
    /// <paramref name="error"/>. Reads through the socket's <see cref="SafeSocketHandle"/>, referenced for
    /// the call: a socket closed meanwhile throws <see cref="ObjectDisposedException"/> here instead of
    /// the caller reading whatever socket reuses the descriptor number.
    /// </summary>
    public int Receive(SafeSocketHandle handle, int flags, out int error)
    {
        Reset();
        using var lease = new SocketDescriptorLease(handle);
        int received = LinuxRecvMmsg.RecvMmsg(lease.Descriptor, Headers, (uint)Count, flags, null);
        error = received < 0 ? Marshal.GetLastPInvokeError() : 0;
        return received;
    }

    /// <summary>Restores the in/out lengths the kernel overwrote, before the next recvmmsg.</summary>
    private void Reset()
    {
        for (int i = 0; i < Count; i++)
        {
            Headers[i].Header.NameLength = LinuxSendMmsg.NameCapacity;
            Headers[i].Header.ControlLength = ControlCapacity;
            Headers[i].Header.Flags = 0;
            Headers[i].Length = 0;
        }
    }

    /// <summary>The bytes the kernel wrote into slot <paramref name="index"/>.</summary>
    public Span<byte> Received(int index) =>
        new(_buffers + ((nint)index * _bufferSize), (int)Math.Min(Headers[index].Length, (uint)_bufferSize));

    /// <summary>True when the kernel cut the message short (MSG_TRUNC); cannot happen with 64 KB buffers, checked anyway.</summary>
    public bool IsTruncated(int index) => (Headers[index].Header.Flags & LinuxRecvMmsg.Truncated) != 0;

    /// <summary>The segment size of a GRO-coalesced slot, 0 for a single datagram.</summary>
    public int SegmentSizeOf(int index) =>
        LinuxRecvMmsg.SegmentSizeOf(_controls + (index * ControlCapacity), Headers[index].Header.ControlLength);

    /// <summary>The source of slot <paramref name="index"/>, in the slot's reused <see cref="SocketAddress"/>.</summary>
    public SocketAddress AddressOf(int index)
    {
        uint length = Headers[index].Header.NameLength;
        SocketAddress address = length == IPv4AddressSize ? _addressesV4[index] : _addressesV6[index];
        new ReadOnlySpan<byte>(_names + (index * LinuxSendMmsg.NameCapacity), address.Size).CopyTo(address.Buffer.Span);
        return address;
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    ~UdpReceiveVector() => Free();

    private void Free()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        NativeMemory.Free(_buffers);
        NativeMemory.Free(_names);
        NativeMemory.Free(_controls);
        NativeMemory.Free(_vectors);
        NativeMemory.Free(Headers);
    }
}
