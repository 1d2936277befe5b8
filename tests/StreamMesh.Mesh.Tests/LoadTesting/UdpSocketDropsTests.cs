using StreamMesh.Mesh.LoadTesting;

namespace StreamMesh.Mesh.Tests.LoadTesting;

public sealed class UdpSocketDropsTests
{
    [Fact]
    public void TryParse_ProcNetUdpTable_SumsDropsByLocalPort()
    {
        // /proc/net/udp layout (proc(5)): the local port is hex after the colon, drops is the last column.
        const string Table =
            "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n" +
            "  100: 0100007F:A8A2 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 81234 2 0000000000000000 158\n" +
            "  101: 0100007F:1F90 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 81235 2 0000000000000000 0\n" +
            "  102: 00000000:A8A2 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 81236 2 0000000000000000 2\n";
        var drops = new Dictionary<int, long>();

        Assert.True(UdpSocketDrops.TryParse(Table, drops));

        Assert.Equal(160, drops[0xA8A2]);
        Assert.Equal(0, drops[8080]);
        Assert.Equal(2, drops.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage\nmore garbage")]
    [InlineData("  100: 0100007F:ZZZZ 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000 0 81234 2 0000000000000000 158")]
    [InlineData("  100: 0100007F:A8A2 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000 0 81234 2 0000000000000000 -1")]
    public void TryParse_Malformed_ReturnsFalseAndAddsNothing(string table)
    {
        var drops = new Dictionary<int, long>();

        Assert.False(UdpSocketDrops.TryParse(table, drops));
        Assert.Empty(drops);
    }

    [Fact]
    public void ReadByLocalPort_OnLinux_IncludesAnOpenSocket()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        int port = ((System.Net.IPEndPoint)socket.LocalEndPoint!).Port;

        Assert.True(UdpSocketDrops.ReadByLocalPort().ContainsKey(port));
    }
}
