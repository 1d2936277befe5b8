using System.Net.Sockets;

namespace StreamMesh.Rtc.Net;

/// <summary>
/// A socket's descriptor number, held for one native call: the handle's reference count is raised
/// for the lease, so the socket cannot be closed (and its number reused by another socket) while the
/// call uses it. A socket already closed throws <see cref="ObjectDisposedException"/> on creation.
/// </summary>
/// <example><c>using var lease = new SocketDescriptorLease(handle); Native(lease.Descriptor, …);</c></example>
internal ref struct SocketDescriptorLease
{
    private readonly SafeSocketHandle _handle;
    private bool _held;

    public SocketDescriptorLease(SafeSocketHandle handle)
    {
        _handle = handle;
        _held = false;
        handle.DangerousAddRef(ref _held);
        Descriptor = (int)handle.DangerousGetHandle();
    }

    public int Descriptor { get; }

    public void Dispose()
    {
        if (_held)
        {
            _held = false;
            _handle.DangerousRelease();
        }
    }
}
