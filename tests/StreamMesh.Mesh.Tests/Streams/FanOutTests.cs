using System.Buffers.Binary;
using Microsoft.Extensions.Time.Testing;
using StreamMesh.Mesh.Streams;
using StreamMesh.Rtc.Net;
using static StreamMesh.Mesh.Tests.Streams.StreamTestPackets;

namespace StreamMesh.Mesh.Tests.Streams;

public sealed class FanOutTests
{

    [Fact]
    public async Task Publish_WithSendWorkers_EveryChildGetsEveryPacketInOrder()
    {
        using var scheduler = new FanOutScheduler(new FanOutOptions { SendWorkers = 2, InlineChildrenPerStream = 0, MaxQueueDelay = TimeSpan.Zero });
        using var stream = new LiveStream("demo", Video, Audio, new FakeTimeProvider(), scheduler);
        var children = Enumerable.Range(0, 5).Select(_ => new RecordingChild(expected: 200)).ToArray();
        foreach (var child in children)
        {
            stream.Attach(child);
        }

        for (ushort i = 1; i <= 200; i++)
        {
            stream.PublishVideo(Rtp(i), startsKeyframe: i == 1);
        }

        foreach (var child in children)
        {
            await child.Complete.WaitAsync(Patience);
            Assert.Equal(Enumerable.Range(1, 200), child.Sequences);
        }

        Assert.Equal([3, 2], scheduler.GetStatistics().ChildrenPerWorker.Order().Reverse());
        Assert.True(scheduler.GetStatistics().Latency.Count >= 1000);
    }

    [Fact]
    public async Task SlowChild_QueueOverflows_DropsAndCountsWhileTheOtherChildGetsEverything()
    {
        using var scheduler = new FanOutScheduler(new FanOutOptions { SendWorkers = 2, InlineChildrenPerStream = 0, ChildQueueCapacity = 16, MaxQueueDelay = TimeSpan.Zero });
        using var stream = new LiveStream("demo", Video, Audio, new FakeTimeProvider(), scheduler);
        using var gate = new Gate();
        var slow = new RecordingChild(expected: int.MaxValue, gate);
        var fast = new RecordingChild(expected: 100);
        var slowSubscription = stream.Attach(slow);
        stream.Attach(fast);

        for (ushort i = 1; i <= 100; i++)
        {
            stream.PublishVideo(Rtp(i), startsKeyframe: i == 1);
            Assert.True(slowSubscription.QueueDepth <= 16);
            if (i % 8 == 0)
            {
                // Pace the publisher so that only the stuck child can fall behind on this busy machine.
                var published = i;
                await WaitUntilAsync(() => fast.Sequences.Count >= published);
            }
        }

        await fast.Complete.WaitAsync(Patience);
        gate.Open();

        Assert.Equal(Enumerable.Range(1, 100), fast.Sequences);
        Assert.Equal(16, slowSubscription.QueueCapacity);
        Assert.Equal(1, slowSubscription.DegradedEpisodes);
        Assert.InRange(slowSubscription.PacketsDropped, 100 - 17, 100 - 16);
    }

    [Fact]
    public async Task SlowChild_ResumesAtNextKeyframe_WithContinuousSequenceNumbers()
    {
        using var scheduler = new FanOutScheduler(new FanOutOptions { SendWorkers = 1, InlineChildrenPerStream = 0, ChildQueueCapacity = 16, MaxQueueDelay = TimeSpan.Zero });
        using var stream = new LiveStream("demo", Video, Audio, new FakeTimeProvider(), scheduler);
        using var gate = new Gate();
        var child = new RecordingChild(expected: int.MaxValue, gate);
        var subscription = stream.Attach(child);

        // 1 is a keyframe; the child is stuck in its first send, its queue fills and the rest of the GOP is skipped.
        for (ushort i = 1; i <= 50; i++)
        {
            stream.PublishVideo(Rtp(i), startsKeyframe: i == 1);
        }

        gate.Open();
        await WaitUntilAsync(() => subscription.QueueDepth == 0);

        child.ExpectMore(10);
        for (ushort i = 51; i <= 60; i++)
        {
            stream.PublishVideo(Rtp(i), startsKeyframe: i == 51);
        }

        await child.Complete.WaitAsync(Patience);
        var seen = child.Sequences;
        Assert.Equal(Enumerable.Range(seen[0], seen.Count), seen); // no gap for the viewer to NACK
        Assert.InRange(subscription.PacketsDropped, 33, 34);        // the rest of the first GOP
        Assert.Equal(subscription.PacketsDropped, child.LastShift); // ...hidden from the viewer
    }

    [Fact]
    public async Task SlowChild_OldestQueuedPacketOlderThanMaxQueueDelay_IsNotFedMoreThoughItsQueueHasRoom()
    {
        var time = new FakeTimeProvider();
        using var scheduler = new FanOutScheduler(new FanOutOptions { SendWorkers = 1, InlineChildrenPerStream = 0, ChildQueueCapacity = 1024, MaxQueueDelay = TimeSpan.FromMilliseconds(250) });
        using var stream = new LiveStream("demo", Video, Audio, time, scheduler);
        using var gate = new Gate();
        var child = new RecordingChild(expected: int.MaxValue, gate);
        var subscription = stream.Attach(child);

        for (ushort i = 1; i <= 50; i++)
        {
            stream.PublishVideo(Rtp(i), startsKeyframe: i == 1);
            stream.PublishAudio(Rtp((ushort)(1000 + i)));
            time.Advance(TimeSpan.FromMilliseconds(300));
        }

        // The stuck child holds the first round (1, 1001); every later round finds it 300 ms or more behind.
        Assert.True(subscription.QueueDepth <= 2, $"queue depth {subscription.QueueDepth}");
        Assert.Equal(1, subscription.DegradedEpisodes);
        Assert.Equal(98, subscription.PacketsDropped);
        Assert.Equal(49, subscription.AudioPacketsDropped);
        gate.Open();
        await WaitUntilAsync(() => subscription.QueueDepth == 0);
    }

    [Fact]
    public async Task Packets_AfterEveryChildSentThem_ReturnToThePoolAndAreReused()
    {
        using var scheduler = new FanOutScheduler(new FanOutOptions { SendWorkers = 2, InlineChildrenPerStream = 0, MaxQueueDelay = TimeSpan.Zero });
        using var stream = new LiveStream("demo", Video, Audio, new FakeTimeProvider(), scheduler);
        var children = Enumerable.Range(0, 3).Select(_ => new RecordingChild(expected: 2000)).ToArray();
        foreach (var child in children)
        {
            stream.Attach(child);
        }

        for (var chunk = 0; chunk < 20; chunk++)
        {
            for (var i = 0; i < 100; i++)
            {
                stream.PublishAudio(Rtp((ushort)((chunk * 100) + i)));
            }

            var sent = (chunk + 1) * 100;
            await WaitUntilAsync(() => children.All(c => c.Sequences.Count >= sent));
        }

        await WaitUntilAsync(() => stream.Packets.Outstanding == 0);
        Assert.True(stream.Packets.Created < 2000, $"{stream.Packets.Created} buffers for 2000 packets");
    }

    [Fact]
    public void Gop_HoldsReferencesUntilTheNextKeyframe_ThenReleasesThem()
    {
        using var stream = new LiveStream("demo", Video, Audio, new FakeTimeProvider(), FanOutScheduler.Inline);
        stream.PublishVideo(Rtp(1), startsKeyframe: true);
        stream.PublishVideo(Rtp(2), startsKeyframe: false);
        stream.PublishVideo(Rtp(3), startsKeyframe: false);
        Assert.Equal(3, stream.Packets.Outstanding);

        stream.PublishVideo(Rtp(4), startsKeyframe: true);
        Assert.Equal(1, stream.Packets.Outstanding);
    }

    [Fact]
    public async Task Detach_WithPacketsStillQueued_ReleasesThem()
    {
        using var scheduler = new FanOutScheduler(new FanOutOptions { SendWorkers = 1, InlineChildrenPerStream = 0, MaxQueueDelay = TimeSpan.Zero });
        using var stream = new LiveStream("demo", Video, Audio, new FakeTimeProvider(), scheduler);
        using var gate = new Gate();
        var stuck = new RecordingChild(expected: int.MaxValue, gate);
        stream.Attach(stuck);
        for (ushort i = 1; i <= 20; i++)
        {
            stream.PublishAudio(Rtp(i));
        }

        stream.Detach(stuck);
        gate.Open();

        await WaitUntilAsync(() => stream.Packets.Outstanding == 0);
        Assert.Equal(0, stream.SubscriberCount);
        Assert.True(stuck.Sequences.Count <= 1, "a detached child is sent nothing more");
    }

    [Fact]
    public void Attach_GopLargerThanHalfTheQueue_WaitsForTheNextKeyframeInsteadOfAPartialReplay()
    {
        using var small = new FanOutScheduler(new FanOutOptions { SendWorkers = 0, ChildQueueCapacity = 16 });
        using var stream = new LiveStream("demo", Video, Audio, new FakeTimeProvider(), small);
        for (ushort i = 1; i <= 12; i++)
        {
            stream.PublishVideo(Rtp(i), startsKeyframe: i == 1);
        }

        var child = new RecordingChild(expected: int.MaxValue);
        stream.Attach(child);
        stream.PublishVideo(Rtp(13), startsKeyframe: false);
        stream.PublishAudio(Rtp(500));
        stream.PublishVideo(Rtp(14), startsKeyframe: true);

        Assert.True(small.IsInline);
        Assert.Equal([500, 13], child.Sequences); // 13 skipped, so the keyframe follows on without a gap
    }

    [Fact]
    public void Publish_InlineSteadyState_AllocatesNothingPerForwardedPacket()
    {
        using var stream = new LiveStream("demo", Video, Audio, new FakeTimeProvider(), FanOutScheduler.Inline);
        for (var i = 0; i < 10; i++)
        {
            stream.Attach(new CountingChild());
        }

        var packet = Rtp(1);
        for (var i = 0; i < 5000; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)i);
            stream.PublishVideo(packet, startsKeyframe: i % 1000 == 0);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 5000; i < 15_000; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)i);
            stream.PublishVideo(packet, startsKeyframe: i % 1000 == 0);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(-1, 1024, 64)]
    [InlineData(2, 1000, 64)]
    [InlineData(2, 1024, 0)]
    public void Validate_BadOptions_Throws(int workers, int capacity, int batch)
    {
        var options = new FanOutOptions { SendWorkers = workers, ChildQueueCapacity = capacity, BatchSize = batch };
        Assert.Throws<ArgumentException>(options.Validate);
    }



    /// <summary>Records what a viewer would see (sequence number after the shift); optionally stuck behind a gate.</summary>
    private sealed class RecordingChild(int expected, Gate? gate = null) : IBatchedStreamSubscriber
    {
        private readonly Lock _lock = new();
        private readonly List<int> _sequences = [];
        private TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _expected = expected;

        public Task Complete => _complete.Task;

        public ushort LastShift { get; private set; }

        public List<int> Sequences
        {
            get
            {
                lock (_lock)
                {
                    return [.. _sequences];
                }
            }
        }

        public void ExpectMore(int count)
        {
            lock (_lock)
            {
                _expected = _sequences.Count + count;
                _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        public void SendPacket(MediaKind kind, ReadOnlySpan<byte> rtpPacket) => Record(kind, rtpPacket, 0);

        public void SendPacket(MediaKind kind, ReadOnlySpan<byte> rtpPacket, ushort sequenceShift, UdpDatagramBatch? batch) =>
            Record(kind, rtpPacket, sequenceShift);

        private void Record(MediaKind kind, ReadOnlySpan<byte> rtpPacket, ushort shift)
        {
            gate?.Wait();
            lock (_lock)
            {
                LastShift = shift;
                _sequences.Add((ushort)(BinaryPrimitives.ReadUInt16BigEndian(rtpPacket[2..]) - shift));
                if (_sequences.Count >= _expected)
                {
                    _complete.TrySetResult();
                }
            }
        }
    }

    /// <summary>Holds a child's sends until opened; disposing opens it, so a failing test never leaves a worker stuck.</summary>
    private sealed class Gate : IDisposable
    {
        private readonly ManualResetEventSlim _event = new(false);

        public void Wait() => _event.Wait();

        public void Open() => _event.Set();

        public void Dispose() => _event.Set();
    }

    private sealed class CountingChild : IStreamSubscriber
    {
        public long Packets { get; private set; }

        public void SendPacket(MediaKind kind, ReadOnlySpan<byte> rtpPacket) => Packets++;
    }
}
