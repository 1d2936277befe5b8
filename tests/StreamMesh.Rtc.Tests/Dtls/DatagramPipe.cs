using StreamMesh.Rtc.Dtls;

namespace StreamMesh.Rtc.Tests.Dtls;

/// <summary>Decides whether a datagram on its way through a <see cref="DatagramPipe"/> is delivered.</summary>
internal delegate bool DatagramFilter(ReadOnlySpan<byte> datagram);

/// <summary>One direction of an in-memory link: delivers what one transport sends to the other, synchronously.</summary>
internal sealed class DatagramPipe
{
    private readonly DatagramFilter? _filter;
    private readonly TaskCompletionSource _firstDelivered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _sent;
    private int _delivered;

    public DatagramPipe(DatagramFilter? filter = null) => _filter = filter;

    public DtlsTransport? Target { get; set; }

    public int Sent => Volatile.Read(ref _sent);

    public int Delivered => Volatile.Read(ref _delivered);

    public int Dropped => Sent - Delivered;

    public Task FirstDelivered => _firstDelivered.Task;

    public void Send(ReadOnlySpan<byte> datagram)
    {
        Interlocked.Increment(ref _sent);
        if (_filter is not null && !_filter(datagram))
        {
            return;
        }

        Interlocked.Increment(ref _delivered);
        Target?.ReceiveDatagram(datagram);
        _firstDelivered.TrySetResult();
    }
}
