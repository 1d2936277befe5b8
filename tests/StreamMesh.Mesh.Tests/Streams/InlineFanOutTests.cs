using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using StreamMesh.Mesh.Streams;
using StreamMesh.Rtc.Net;
using static StreamMesh.Mesh.Tests.Streams.StreamTestPackets;

namespace StreamMesh.Mesh.Tests.Streams;

/// <summary>
/// A stream with few children sends on its publishing thread, one batch per frame; growing past
/// <see cref="FanOutOptions.InlineChildrenPerStream"/> hands every child to the send workers without
/// losing, repeating or reordering a packet, and without two threads sending to one child.
/// </summary>
public sealed class InlineFanOutTests
{

    [Fact]
    public async Task QueuedFrame_InlineChild_GoesOutInOneSendmmsgOnThePublishingThread()
    {
        using var scheduler = new FanOutScheduler(new FanOutOptions { SendWorkers = 2, InlineChildrenPerStream = 2 });
        using var stream = new LiveStream("demo", Video, Audio, new FakeTimeProvider(), scheduler);
        await using var mux = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback });
        using var receiver = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var child = new UdpChild(mux, (IPEndPoint)receiver.Client.LocalEndPoint!);
        stream.Attach(child);
        Assert.True(stream.SendsInline);

        const int frames = 5;
        const int packetsPerFrame = 20;
        ushort sequence = 1;
        for (var frame = 0; frame < frames; frame++)
        {
            for (var i = 0; i < packetsPerFrame; i++, sequence++)
            {
                stream.QueueVideo(Rtp(sequence), startsKeyframe: sequence == 1);
            }

            Assert.Equal(frame * packetsPerFrame, child.Packets); // queued, not sent yet
            stream.SendQueued();
            Assert.Equal((frame + 1) * packetsPerFrame, child.Packets); // sent before SendQueued returned
        }

        Assert.Equal(Environment.CurrentManagedThreadId, child.LastThreadId);
        Assert.Equal(frames, mux.Counters.BatchSystemCalls);
        Assert.Equal(frames * packetsPerFrame, mux.Counters.DatagramsSent);
        for (var expected = 1; expected <= frames * packetsPerFrame; expected++)
        {
            var datagram = await receiver.ReceiveAsync().WaitAsync(Patience);
            Assert.Equal(expected, BinaryPrimitives.ReadUInt16BigEndian(datagram.Buffer.AsSpan(2)));
        }
    }

    [Fact]
    public async Task GrowingPastTheInlineLimit_MovesEveryChildToTheWorkers_WithoutLosingOrReorderingAPacket()
    {
        using var scheduler = new FanOutScheduler(new FanOutOptions { SendWorkers = 2, InlineChildrenPerStream = 2, MaxQueueDelay = TimeSpan.Zero });
        using var stream = new LiveStream("demo", Video, Audio, new FakeTimeProvider(), scheduler);
        var first = new OrderCheckingChild();
        var second = new OrderCheckingChild();
        stream.Attach(first);
        stream.Attach(second);

        ushort sequence = 1;
        for (var i = 0; i < 50; i++, sequence++)
        {
            stream.PublishVideo(Rtp(sequence), startsKeyframe: sequence == 1);
        }

        Assert.True(stream.SendsInline);
        Assert.Equal(Environment.CurrentManagedThreadId, first.LastThreadId);

        // Half a frame queued and not yet sent when the third child arrives: the workers take over those queues.
        for (var i = 0; i < 5; i++, sequence++)
        {
            stream.QueueVideo(Rtp(sequence), startsKeyframe: false);
        }

        var third = new OrderCheckingChild();
        stream.Attach(third);
        Assert.False(stream.SendsInline);
        for (var i = 0; i < 5; i++, sequence++)
        {
            stream.QueueVideo(Rtp(sequence), startsKeyframe: false);
        }

        stream.SendQueued();
        for (var i = 0; i < 40; i++, sequence++)
        {
            stream.PublishVideo(Rtp(sequence), startsKeyframe: false);
        }

        var last = sequence - 1;
        await WaitUntilAsync(() => first.Last == last && second.Last == last && third.Last == last);
        foreach (var child in new[] { first, second })
        {
            Assert.Equal(last, child.Count); // every packet once, in order (the child checks each step)
            Assert.False(child.Overlapped);
            Assert.NotEqual(Environment.CurrentManagedThreadId, child.LastThreadId);
        }

        Assert.Equal(3, scheduler.GetStatistics().ChildrenPerWorker.Sum());

        // Once the stream is empty a new audience starts inline again.
        stream.Detach(first);
        stream.Detach(second);
        stream.Detach(third);
        var next = new OrderCheckingChild();
        stream.Attach(next);
        Assert.True(stream.SendsInline);
    }

    [Fact]
    public async Task ChildrenComingAndGoingWhilePublishing_EachChildIsSentToByOneThreadAtATimeInOrder()
    {
        using var scheduler = new FanOutScheduler(new FanOutOptions { SendWorkers = 2, InlineChildrenPerStream = 2, MaxQueueDelay = TimeSpan.Zero });
        using var stream = new LiveStream("demo", Video, Audio, new FakeTimeProvider(), scheduler);
        var steady = new OrderCheckingChild();
        stream.Attach(steady);
        using var done = new CancellationTokenSource();
        var switches = 0;
        var churn = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                // Up to three extra children: the stream keeps crossing the limit of two both ways.
                var extra = Enumerable.Range(0, 3).Select(_ => new OrderCheckingChild()).ToArray();
                foreach (var child in extra)
                {
                    stream.Attach(child);
                }

                foreach (var child in extra)
                {
                    stream.Detach(child);
                    Assert.False(child.Overlapped);
                }

                Interlocked.Increment(ref switches);
            }
        });

        // On a busy machine the churn task may start late; the publishing must overlap it throughout.
        const int total = 20_000;
        var switchesSeen = 0;
        for (var i = 1; i <= total; i++)
        {
            if (i % 10 == 0)
            {
                stream.SendQueued();
            }

            if (i % 200 == 0)
            {
                // Keep the steady child within its queue on this busy machine: a drop would be degradation, not disorder.
                var sent = i - 10;
                await WaitUntilAsync(() => steady.Last >= sent);
            }

            if (i % 2_000 == 1)
            {
                var before = switchesSeen;
                await WaitUntilAsync(() => Volatile.Read(ref switches) > before);
                switchesSeen = Volatile.Read(ref switches);
            }

            stream.QueueVideo(Rtp((ushort)i), startsKeyframe: i % 500 == 1);
            if (i % 7 == 0)
            {
                stream.PublishAudio(Rtp((ushort)(i + 40_000)));
            }
        }

        stream.SendQueued();
        await done.CancelAsync();
        await churn.WaitAsync(Patience);
        await WaitUntilAsync(() => steady.Last == total);
        Assert.Equal(total, steady.Count);
        Assert.False(steady.Overlapped, "two threads sent to one child at once");
    }

    [Fact]
    public void QueueAndSendQueued_InlineSteadyState_AllocatesNothingPerForwardedPacket()
    {
        using var scheduler = new FanOutScheduler(new FanOutOptions { SendWorkers = 1, InlineChildrenPerStream = 4 });
        using var stream = new LiveStream("demo", Video, Audio, new FakeTimeProvider(), scheduler);
        for (var i = 0; i < 4; i++)
        {
            stream.Attach(new OrderCheckingChild(checkOrder: false));
        }

        var packet = Rtp(1);
        void PublishFrames(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)i);
                stream.QueueVideo(packet, startsKeyframe: i % 1000 == 0);
                if (i % 20 == 19)
                {
                    stream.SendQueued();
                }
            }
        }

        PublishFrames(0, 5000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        PublishFrames(5000, 15_000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(stream.SendsInline);
    }

    [Fact]
    public void Validate_InlineChildrenOutOfRange_Throws()
    {
        Assert.Throws<ArgumentException>(new FanOutOptions { InlineChildrenPerStream = -1 }.Validate);
        Assert.Throws<ArgumentException>(new FanOutOptions { InlineChildrenPerStream = 65 }.Validate);
    }



    /// <summary>Writes each packet into the batch it is given (as a viewer session does) for one loopback receiver.</summary>
    private sealed class UdpChild(UdpMux mux, IPEndPoint receiver) : IBatchedStreamSubscriber
    {
        private readonly SocketAddress _receiver = receiver.Serialize();

        public int Packets { get; private set; }

        public int LastThreadId { get; private set; }

        public void SendPacket(MediaKind kind, ReadOnlySpan<byte> rtpPacket) => throw new InvalidOperationException("expected a batch");

        public void SendPacket(MediaKind kind, ReadOnlySpan<byte> rtpPacket, ushort sequenceShift, UdpDatagramBatch? batch)
        {
            Assert.NotNull(batch);
            var slot = batch.Reserve(mux);
            rtpPacket.CopyTo(slot);
            batch.Commit(rtpPacket.Length, _receiver);
            Packets++;
            LastThreadId = Environment.CurrentManagedThreadId;
        }
    }

    /// <summary>Checks that video sequence numbers only ever step by one and that no two threads send to it at once.</summary>
    private sealed class OrderCheckingChild(bool checkOrder = true) : IStreamSubscriber
    {
        private int _inside;
        private int _last = -1;
        private int _count;
        private int _lastThreadId;
        private volatile bool _overlapped;
        private volatile bool _outOfOrder;

        public int Last => Volatile.Read(ref _last);

        public int Count => Volatile.Read(ref _count);

        public int LastThreadId => Volatile.Read(ref _lastThreadId);

        public bool Overlapped => _overlapped;

        public void SendPacket(MediaKind kind, ReadOnlySpan<byte> rtpPacket)
        {
            if (Interlocked.Exchange(ref _inside, 1) != 0)
            {
                _overlapped = true;
            }

            if (kind == MediaKind.Video)
            {
                int sequence = BinaryPrimitives.ReadUInt16BigEndian(rtpPacket[2..]);
                if (checkOrder && _last >= 0 && sequence != _last + 1)
                {
                    _outOfOrder = true;
                }

                Volatile.Write(ref _last, _outOfOrder ? -2 : sequence);
                Volatile.Write(ref _count, _count + 1);
            }

            Volatile.Write(ref _lastThreadId, Environment.CurrentManagedThreadId);
            Volatile.Write(ref _inside, 0);
        }
    }
}
