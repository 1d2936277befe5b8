using System.Net;
using StreamMesh.Rtc.Net;

namespace StreamMesh.Rtc.Tests.Net;

public sealed class UdpDatagramBatchTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Flush_ThreeDatagramsToTwoPeers_EachArrivesIntactAtItsPeer(bool useSendMmsg)
    {
        await using var mux = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback, UseSendMmsg = useSendMmsg });
        using var first = new RawUdpPeer();
        using var second = new RawUdpPeer();
        using var batch = new UdpDatagramBatch(capacity: 8);
        var firstAddress = mux.CreateSocketAddress(first.EndPoint);
        var secondAddress = mux.CreateSocketAddress(second.EndPoint);

        Commit(batch, mux, [0x80, 1, 2], firstAddress);
        Commit(batch, mux, [0x80, 3, 4, 5], secondAddress);
        Commit(batch, mux, [0x80, 6], firstAddress);
        var sent = batch.Flush();

        Assert.Equal(3, sent);
        Assert.Equal(0, batch.Count);
        Assert.Equal([0x80, 1, 2], (await first.ReceiveAsync()).Data);
        Assert.Equal([0x80, 6], (await first.ReceiveAsync()).Data);
        Assert.Equal([0x80, 3, 4, 5], (await second.ReceiveAsync()).Data);
        Assert.Equal(3, mux.Counters.DatagramsSent);
        Assert.Equal(mux.SendsBatchesInOneCall ? 1 : 0, mux.Counters.BatchSystemCalls);
        Assert.Equal(useSendMmsg && OperatingSystem.IsLinux(), mux.SendsBatchesInOneCall);
    }

    [Fact]
    public async Task Reserve_WhenFull_FlushesTheFullBatchFirst()
    {
        await using var mux = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback });
        using var peer = new RawUdpPeer();
        using var batch = new UdpDatagramBatch(capacity: 2);
        var address = mux.CreateSocketAddress(peer.EndPoint);

        Commit(batch, mux, [0x80, 1], address);
        Commit(batch, mux, [0x80, 2], address);
        Commit(batch, mux, [0x80, 3], address);

        Assert.Equal(1, batch.Count);
        Assert.Equal([0x80, 1], (await peer.ReceiveAsync()).Data);
        Assert.Equal([0x80, 2], (await peer.ReceiveAsync()).Data);
        batch.Flush();
        Assert.Equal([0x80, 3], (await peer.ReceiveAsync()).Data);
    }

    [Fact]
    public async Task Reserve_ForAnotherMux_SendsTheFirstMuxDatagramsFromTheirOwnSocket()
    {
        await using var muxA = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback });
        await using var muxB = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback });
        using var peer = new RawUdpPeer();
        using var batch = new UdpDatagramBatch();

        Commit(batch, muxA, [0x80, 1], muxA.CreateSocketAddress(peer.EndPoint));
        Commit(batch, muxB, [0x80, 2], muxB.CreateSocketAddress(peer.EndPoint));
        batch.Flush();

        var one = await peer.ReceiveAsync();
        var two = await peer.ReceiveAsync();
        Assert.Equal(muxA.LocalEndPoint.Port, one.From.Port);
        Assert.Equal(muxB.LocalEndPoint.Port, two.From.Port);
    }

    [Fact]
    public void Commit_WithoutReserve_Throws()
    {
        using var mux = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback });
        using var batch = new UdpDatagramBatch();

        Assert.Throws<InvalidOperationException>(() => batch.Commit(10, mux.CreateSocketAddress(new IPEndPoint(IPAddress.Loopback, 9))));
    }

    private static void Commit(UdpDatagramBatch batch, UdpMux mux, byte[] datagram, SocketAddress to)
    {
        var slot = batch.Reserve(mux);
        datagram.CopyTo(slot);
        batch.Commit(datagram.Length, to);
    }
}
