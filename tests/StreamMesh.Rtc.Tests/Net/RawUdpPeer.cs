using System.Net;
using System.Net.Sockets;

namespace StreamMesh.Rtc.Tests.Net;

/// <summary>A plain UDP socket on loopback that a test scripts by hand (a browser stand-in, a STUN server, an attacker).</summary>
internal sealed class RawUdpPeer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public RawUdpPeer()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint EndPoint { get; }

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint to) => _socket.SendTo(datagram, SocketFlags.None, to);

    /// <summary>One GSO send (Linux): <paramref name="payload"/> leaves as datagrams of <paramref name="segmentSize"/> bytes.</summary>
    public void SendSegmented(ReadOnlySpan<byte> payload, int segmentSize, IPEndPoint to) =>
        UdpSegmentSender.Send(_socket, payload, segmentSize, to);

    /// <summary>The next datagram, or a TimeoutException after <paramref name="timeout"/>.</summary>
    public async Task<(byte[] Data, IPEndPoint From)> ReceiveAsync(TimeSpan? timeout = null)
    {
        byte[] buffer = new byte[2048];
        using var cts = new CancellationTokenSource(timeout ?? TestTimeouts.Network);
        try
        {
            SocketReceiveFromResult result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
            return (buffer.AsSpan(0, result.ReceivedBytes).ToArray(), (IPEndPoint)result.RemoteEndPoint);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException("No datagram arrived at the raw peer in time.");
        }
    }

    public void Dispose() => _socket.Dispose();
}
