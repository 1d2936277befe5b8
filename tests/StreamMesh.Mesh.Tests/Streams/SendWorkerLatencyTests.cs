using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using StreamMesh.Mesh.Streams;
using StreamMesh.Rtc.Net;
using static StreamMesh.Mesh.Tests.Streams.StreamTestPackets;

namespace StreamMesh.Mesh.Tests.Streams;

/// <summary>The hop latency the send workers record: one sample per packet sent, taken when its batch left.</summary>
public sealed class SendWorkerLatencyTests
{
    [Fact]
    public async Task OnePassOverManyChildren_RecordsOneSamplePerPacketAndEarlyBatchesBeforeTheLast()
    {
        await using var mux = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback });
        using var sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var scheduler = new FanOutScheduler(new FanOutOptions { SendWorkers = 1, InlineChildrenPerStream = 0, MaxQueueDelay = TimeSpan.Zero });
        using var stream = new LiveStream("demo", Video, Audio, new FakeTimeProvider(), scheduler);
        using var firstPacketHeld = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();

        // The first child holds the worker inside its first packet until every queue is full, so the
        // worker's next pass sends 100 children × 60 packets: more than one pass used to stamp.
        var children = Enumerable.Range(0, 100).Select(i => new SlowUdpChild(mux, (IPEndPoint)sink.LocalEndPoint!, i == 0 ? firstPacketHeld : null, release)).ToArray();
        foreach (var child in children)
        {
            stream.Attach(child);
        }

        const int packets = 60;
        stream.PublishVideo(Rtp(1), startsKeyframe: true);
        Assert.True(firstPacketHeld.Wait(Patience));
        for (ushort i = 2; i <= packets; i++)
        {
            stream.PublishVideo(Rtp(i), startsKeyframe: false);
        }

        // The last child costs 60 × 2 ms of the worker's time, after the other 99 children's batches left.
        children[^1].DelayEachPacket = TimeSpan.FromMilliseconds(2);
        release.Set();
        await WaitUntilAsync(() => children.All(c => c.Packets == packets));
        await WaitUntilAsync(() => scheduler.GetStatistics().PacketsSent == children.Length * packets);

        var latency = scheduler.GetStatistics().Latency;
        Assert.Equal(children.Length * packets, latency.Count);

        // Stamped at the end of the pass, every sample would include the last child's 120 ms, and the
        // median would sit near the maximum; stamped when their batch left, 99 % of them do not.
        Assert.True(latency.P50Ms < latency.MaxMs / 2, $"p50 {latency.P50Ms} ms, max {latency.MaxMs} ms: early batches were stamped at the end of the pass");
    }

    private sealed class SlowUdpChild(UdpMux mux, IPEndPoint receiver, ManualResetEventSlim? held, ManualResetEventSlim release) : IBatchedStreamSubscriber
    {
        private readonly SocketAddress _receiver = receiver.Serialize();
        private int _packets;

        public int Packets => Volatile.Read(ref _packets);

        public TimeSpan DelayEachPacket { get; set; }

        public void SendPacket(MediaKind kind, ReadOnlySpan<byte> rtpPacket) => throw new InvalidOperationException("expected a batch");

        public void SendPacket(MediaKind kind, ReadOnlySpan<byte> rtpPacket, ushort sequenceShift, UdpDatagramBatch? batch)
        {
            Assert.NotNull(batch);
            if (held is not null && !held.IsSet)
            {
                held.Set();
                release.Wait(Patience);
            }

            if (DelayEachPacket > TimeSpan.Zero)
            {
                // Busy-wait: the point is CPU time spent in the pass, as a slow child would cost.
                var until = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(DelayEachPacket.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
                while (System.Diagnostics.Stopwatch.GetTimestamp() < until)
                {
                }
            }

            var slot = batch.Reserve(mux);
            rtpPacket.CopyTo(slot);
            batch.Commit(rtpPacket.Length, _receiver);
            Interlocked.Increment(ref _packets);
        }
    }
}
