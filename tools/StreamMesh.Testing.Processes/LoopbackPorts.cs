using System.Net;
using System.Net.Sockets;

namespace StreamMesh.Testing.Processes;

/// <summary>Ports the OS says are free now, for a child process to listen on (a race, but a short one).</summary>
public static class LoopbackPorts
{
    public static int FreeTcpPort() => FreeTcpPort(IPAddress.Loopback);

    public static int FreeTcpPort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static int FreeUdpPort() => FreeUdpPort(IPAddress.Loopback);

    public static int FreeUdpPort(IPAddress address)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
