using System.Net;
using System.Net.Sockets;
using StreamMesh.Rtc.Net;

namespace StreamMesh.Rtc.Tests.Net;

/// <summary>
/// UDP generic segmentation offload in <see cref="UdpDatagramBatch"/>: which datagrams join one
/// UDP_SEGMENT message, and that the peer still receives every datagram as it was committed.
/// </summary>
public sealed class UdpDatagramBatchSegmentationTests
{
    [Fact]
    public async Task Flush_AFrameToOnePeer_GoesAsOneSegmentedMessageAndArrivesAsTheSameDatagrams()
    {
        await using var mux = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback });
        Assert.True(mux.SendsSegmentedMessages, "UDP_SEGMENT is available on every 64-bit Linux this project supports.");
        using var peer = new RawUdpPeer();
        using var batch = new UdpDatagramBatch();
        var address = mux.CreateSocketAddress(peer.EndPoint);

        // Balanced FU-A fragments (sizes differ by one byte) and a short tail: two messages, because
        // only the last segment of a message may be shorter than the first.
        int[] sizes = [1101, 1101, 1101, 1100, 1100, 1100, 700];
        var datagrams = sizes.Select((size, i) => Datagram(size, (byte)i)).ToArray();
        foreach (var datagram in datagrams)
        {
            Commit(batch, mux, datagram, address);
        }

        Assert.Equal(2, batch.MessageCount);
        Assert.Equal(sizes.Length, batch.Flush());

        foreach (var datagram in datagrams)
        {
            Assert.Equal(datagram, (await peer.ReceiveAsync()).Data);
        }

        var counters = mux.Counters;
        Assert.Equal(sizes.Length, counters.DatagramsSent);
        Assert.Equal(sizes.Sum(), counters.BytesSent);
        Assert.Equal(2, counters.SegmentedMessages);
        Assert.Equal(sizes.Length, counters.SegmentedDatagrams);
        Assert.Equal(0, counters.SegmentationRejected);
    }

    [Fact]
    public void Commit_OnlyConsecutiveDatagramsToOneDestinationThatKeepTheSegmentSize_Join()
    {
        using var mux = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback });
        Assert.True(mux.SendsSegmentedMessages, "UDP_SEGMENT is available on every 64-bit Linux this project supports.");
        using var batch = new UdpDatagramBatch();
        var a = mux.CreateSocketAddress(new IPEndPoint(IPAddress.Loopback, 9));
        var sameAsA = mux.CreateSocketAddress(new IPEndPoint(IPAddress.Loopback, 9));
        var b = mux.CreateSocketAddress(new IPEndPoint(IPAddress.Loopback, 10));

        Commit(batch, mux, Datagram(1000, 1), a);
        Commit(batch, mux, Datagram(1000, 2), sameAsA);   // equal bytes, other instance: joins
        Assert.Equal(1, batch.MessageCount);
        Commit(batch, mux, Datagram(1001, 3), a);         // larger than the segment size: new message
        Assert.Equal(2, batch.MessageCount);
        Commit(batch, mux, Datagram(500, 4), a);          // shorter: joins as the last segment
        Assert.Equal(2, batch.MessageCount);
        Commit(batch, mux, Datagram(500, 5), a);          // after a short segment: new message
        Assert.Equal(3, batch.MessageCount);
        Commit(batch, mux, Datagram(500, 6), b);          // another destination: new message
        Commit(batch, mux, Datagram(500, 7), a);          // back to a, but not consecutive: new message
        Assert.Equal(5, batch.MessageCount);
        Assert.Equal(7, batch.Count);
    }

    [Fact]
    public void Commit_SixtyFiveEqualDatagramsToOnePeer_SplitsAtTheKernelsSegmentLimit()
    {
        using var mux = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback });
        Assert.True(mux.SendsSegmentedMessages, "UDP_SEGMENT is available on every 64-bit Linux this project supports.");
        using var batch = new UdpDatagramBatch(capacity: 128);
        var address = mux.CreateSocketAddress(new IPEndPoint(IPAddress.Loopback, 9));

        for (var i = 0; i < UdpDatagramBatch.MaxSegmentsPerMessage + 1; i++)
        {
            Commit(batch, mux, Datagram(200, (byte)i), address);
        }

        Assert.Equal(2, batch.MessageCount);
    }

    [Fact]
    public void Commit_WithSegmentationOffloadOff_KeepsOneMessagePerDatagram()
    {
        using var mux = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback, UseSegmentationOffload = false });
        using var batch = new UdpDatagramBatch();
        var address = mux.CreateSocketAddress(new IPEndPoint(IPAddress.Loopback, 9));

        Commit(batch, mux, Datagram(1000, 1), address);
        Commit(batch, mux, Datagram(1000, 2), address);

        Assert.False(mux.SendsSegmentedMessages);
        Assert.Equal(2, batch.MessageCount);
    }

    [Fact]
    public async Task Flush_WhenTheKernelRefusesSegmentation_SendsEveryDatagramOneByOneAndStopsSegmentingAfterRepeatedRefusals()
    {
        await using var mux = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback });
        Assert.True(mux.SendsSegmentedMessages, "UDP_SEGMENT is available on every 64-bit Linux this project supports.");

        // SO_NO_CHECK (socket(7)): a socket that sends without UDP checksums cannot segment, so
        // Linux answers UDP_SEGMENT with EINVAL, like a device that cannot offload answers EIO.
        mux.SocketForTests.SetRawSocketOption(1, 11, BitConverter.GetBytes(1));
        using var peer = new RawUdpPeer();
        using var batch = new UdpDatagramBatch();
        var address = mux.CreateSocketAddress(peer.EndPoint);
        byte[][] frame = [Datagram(900, 1), Datagram(900, 2), Datagram(400, 3)];

        for (var attempt = 1; attempt <= 16; attempt++)
        {
            Assert.True(mux.SendsSegmentedMessages);
            foreach (var datagram in frame)
            {
                Commit(batch, mux, datagram, address);
            }

            Assert.Equal(1, batch.MessageCount);
            Assert.Equal(frame.Length, batch.Flush());
            foreach (var datagram in frame)
            {
                Assert.Equal(datagram, (await peer.ReceiveAsync()).Data);
            }

            Assert.Equal(attempt, mux.Counters.SegmentationRejected);
        }

        Assert.False(mux.SendsSegmentedMessages);
        Assert.Equal(0, mux.Counters.SegmentedMessages);
        Assert.Equal(16 * frame.Length, mux.Counters.DatagramsSent);
    }

    private static byte[] Datagram(int size, byte tag)
    {
        var datagram = new byte[size];
        datagram[0] = 0x80;
        datagram.AsSpan(1).Fill(tag);
        return datagram;
    }

    private static void Commit(UdpDatagramBatch batch, UdpMux mux, byte[] datagram, SocketAddress to)
    {
        var slot = batch.Reserve(mux);
        datagram.CopyTo(slot);
        batch.Commit(datagram.Length, to);
    }
}
