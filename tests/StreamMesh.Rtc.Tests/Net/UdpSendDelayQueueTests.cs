using System.Net;
using Microsoft.Extensions.Time.Testing;
using StreamMesh.Rtc.Net;

namespace StreamMesh.Rtc.Tests.Net;

public sealed class UdpSendDelayQueueTests
{
    private static readonly SocketAddress Far = new IPEndPoint(IPAddress.Parse("127.0.2.1"), 5000).Serialize();
    private static readonly SocketAddress Near = new IPEndPoint(IPAddress.Parse("127.0.1.1"), 5000).Serialize();

    [Fact]
    public void TryDefer_DelayedDestination_ReleasedOnlyAfterItsDelay()
    {
        var time = new FakeTimeProvider();
        var sent = new List<(byte First, SocketAddress To)>();
        using var queue = new UdpSendDelayQueue(new ByAddress(), (d, r) => sent.Add((d[0], r)), time);

        Assert.True(queue.TryDefer([1, 2, 3], Far));
        time.Advance(TimeSpan.FromMilliseconds(39));
        Assert.Empty(sent);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([(1, Far)], sent);
        Assert.Equal(1, queue.Released);
    }

    [Fact]
    public void TryDefer_UndelayedDestination_ReturnsFalseSoCallerSendsNow()
    {
        var time = new FakeTimeProvider();
        using var queue = new UdpSendDelayQueue(new ByAddress(), (_, _) => throw new InvalidOperationException("must not be called"), time);
        Assert.False(queue.TryDefer([1], Near));
        Assert.Equal(0, queue.Deferred);
    }

    [Fact]
    public void TryDefer_TwoLanes_ShorterDelayOvertakesLongerAndOrderWithinLaneKept()
    {
        var time = new FakeTimeProvider();
        var sent = new List<byte>();
        var policy = new ByAddress { NearDelay = TimeSpan.FromMilliseconds(10) };
        using var queue = new UdpSendDelayQueue(policy, (d, _) => sent.Add(d[0]), time);

        queue.TryDefer([1], Far);
        queue.TryDefer([2], Far);
        queue.TryDefer([3], Near);
        time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal([3], sent);
        time.Advance(TimeSpan.FromMilliseconds(30));
        Assert.Equal([3, 1, 2], sent);
    }

    [Fact]
    public void TryDefer_LaneFull_DropsAndCounts()
    {
        var time = new FakeTimeProvider();
        var sent = 0;
        using var queue = new UdpSendDelayQueue(new ByAddress(), (_, _) => sent++, time, capacityPerLane: 2);
        for (int i = 0; i < 5; i++)
        {
            Assert.True(queue.TryDefer([(byte)i], Far));
        }

        time.Advance(TimeSpan.FromMilliseconds(40));
        Assert.Equal(2, sent);
        Assert.Equal(3, queue.Overflowed);
    }

    [Fact]
    public void TryDefer_SteadyStream_SlotsReusedWithoutAllocation()
    {
        var time = new FakeTimeProvider();
        long sent = 0;
        using var queue = new UdpSendDelayQueue(new ByAddress(), (_, _) => sent++, time, capacityPerLane: 64);
        byte[] datagram = new byte[1200];
        for (int i = 0; i < 200; i++)
        {
            queue.TryDefer(datagram, Far);
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            queue.TryDefer(datagram, Far);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1024, $"enqueueing 1000 datagrams allocated {allocated} bytes");
    }

    [Fact]
    public void UdpMux_WithDelayPolicy_DelaysDeliveryOnLoopback()
    {
        using var receiver = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var to = (IPEndPoint)receiver.LocalEndPoint!;
        using var mux = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback, SendDelayPolicy = new FixedDelay(TimeSpan.FromMilliseconds(150)) });

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        Assert.True(mux.Send([0x80, 0x60, 0, 1], to));
        byte[] buffer = new byte[16];
        receiver.ReceiveTimeout = 5000;
        int received = receiver.Receive(buffer);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);

        Assert.Equal(4, received);
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(140), $"arrived after {elapsed.TotalMilliseconds:0} ms");
    }

    private sealed class ByAddress : IUdpSendDelayPolicy
    {
        public TimeSpan NearDelay { get; init; } = TimeSpan.Zero;

        public TimeSpan GetDelay(SocketAddress remote) => remote.Equals(Far) ? TimeSpan.FromMilliseconds(40) : NearDelay;
    }

    private sealed class FixedDelay(TimeSpan delay) : IUdpSendDelayPolicy
    {
        public TimeSpan GetDelay(SocketAddress remote) => delay;
    }
}
