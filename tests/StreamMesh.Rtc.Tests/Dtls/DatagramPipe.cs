using System.Buffers.Binary;
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

    private readonly bool _splitRecords;

    /// <param name="filter">Decides per datagram whether it is delivered.</param>
    /// <param name="splitRecords">
    /// Re-send every record as its own datagram, as BouncyCastle and OpenSSL peers do, so the
    /// filter can lose a single record of a flight.
    /// </param>
    public DatagramPipe(DatagramFilter? filter = null, bool splitRecords = false)
    {
        _filter = filter;
        _splitRecords = splitRecords;
    }

    public DtlsTransport? Target { get; set; }

    public int Sent => Volatile.Read(ref _sent);

    public int Delivered => Volatile.Read(ref _delivered);

    public int Dropped => Sent - Delivered;

    public Task FirstDelivered => _firstDelivered.Task;

    public void Send(ReadOnlySpan<byte> datagram)
    {
        if (!_splitRecords)
        {
            Transmit(datagram);
            return;
        }

        while (datagram.Length >= 13)
        {
            int length = 13 + BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(11, 2));
            Transmit(datagram[..length]);
            datagram = datagram[length..];
        }
    }

    private void Transmit(ReadOnlySpan<byte> datagram)
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
