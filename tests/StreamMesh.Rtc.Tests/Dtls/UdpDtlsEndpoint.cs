using System.Net;
using System.Net.Sockets;
using StreamMesh.Rtc.Dtls;

namespace StreamMesh.Rtc.Tests.Dtls;

/// <summary>
/// A DtlsTransport on a real UDP socket on 127.0.0.1, wired the way a PeerConnection wires it: the
/// receive loop hands every DTLS datagram (first byte 20..63, RFC 7983) to ReceiveDatagram, the send
/// callback writes to the socket.
/// </summary>
internal sealed class UdpDtlsEndpoint : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiveLoop;
    private volatile IPEndPoint? _remote;

    public UdpDtlsEndpoint(DtlsTransportOptions options, IPEndPoint? remote = null)
    {
        _remote = remote;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Transport = new DtlsTransport(options, Send);
        _receiveLoop = ReceiveLoopAsync();
    }

    public DtlsTransport Transport { get; }

    /// <summary>Sees every DTLS datagram before the transport does (tests inspect framing with it).</summary>
    public Action<byte[]>? DatagramObserved { get; set; }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public static int FindFreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Transport.Dispose();
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _receiveLoop;
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private void Send(ReadOnlySpan<byte> datagram)
    {
        if (_remote is { } remote)
        {
            _socket.SendTo(datagram, SocketFlags.None, remote);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            _remote ??= (IPEndPoint)result.RemoteEndPoint;
            if (result.ReceivedBytes > 0 && buffer[0] is >= 20 and <= 63)
            {
                DatagramObserved?.Invoke(buffer[..result.ReceivedBytes]);
                Transport.ReceiveDatagram(buffer.AsSpan(0, result.ReceivedBytes));
            }
        }
    }
}
