using System.Buffers;
using StreamMesh.Media.Sources;

namespace StreamMesh.Media.Tests.Sources;

public sealed class LiveFrameQueueTests
{
    [Fact]
    public void Write_BeyondCapacity_DropsAndDisposesTheOldest()
    {
        var queue = new LiveFrameQueue<PcmAudioFrame>(capacity: 2);
        var frames = Enumerable.Range(0, 3).Select(Frame).ToArray();

        foreach (var frame in frames)
        {
            queue.Write(frame);
        }

        Assert.Equal(3, queue.Written);
        Assert.Equal(1, queue.Dropped);
        Assert.Throws<ObjectDisposedException>(() => frames[0].Data);
        Assert.True(queue.Reader.TryRead(out var first));
        Assert.Same(frames[1], first);
        Assert.True(queue.Reader.TryRead(out var second));
        Assert.Same(frames[2], second);
    }

    [Fact]
    public async Task Complete_WithError_ReaderSeesErrorAfterDraining()
    {
        var queue = new LiveFrameQueue<PcmAudioFrame>(capacity: 4);
        queue.Write(Frame(0));
        var error = new MediaSourceException("testsrc", MediaSourceError.ProcessFailed, "boom");

        queue.Complete(error);

        Assert.True(queue.Reader.TryRead(out var frame));
        frame.Dispose();
        var thrown = await Assert.ThrowsAsync<MediaSourceException>(() => queue.Reader.Completion);
        Assert.Same(error, thrown);
    }

    [Fact]
    public void Write_AfterComplete_DisposesTheFrame()
    {
        var queue = new LiveFrameQueue<PcmAudioFrame>(capacity: 4);
        queue.Complete();
        var frame = Frame(0);

        queue.Write(frame);

        Assert.Equal(0, queue.Written);
        Assert.Throws<ObjectDisposedException>(() => frame.Data);
    }

    [Fact]
    public void DisposeUnread_FramesLeftInQueue_AreDisposed()
    {
        var queue = new LiveFrameQueue<PcmAudioFrame>(capacity: 4);
        var frame = Frame(0);
        queue.Write(frame);

        queue.DisposeUnread();

        Assert.False(queue.Reader.TryRead(out _));
        Assert.Throws<ObjectDisposedException>(() => frame.Data);
    }

    private static PcmAudioFrame Frame(int index)
        => new(ArrayPool<byte>.Shared.Rent(PcmAudioFrame.ByteLength), index, DateTimeOffset.UnixEpoch);
}
