using System.IO.Pipes;
using Microsoft.Extensions.Time.Testing;
using StreamMesh.Media.Sources;

namespace StreamMesh.Media.Tests.Sources;

public sealed class BlockingPipeStreamTests
{
    [Fact]
    public async Task RunOnOwnThread_PcmReaderOverARealPipe_DeliversEveryFrameOnThatOneThreadAndEndsWhenThePipeCloses()
    {
        using var server = new AnonymousPipeServerStream(PipeDirection.In);
        var frames = new List<PcmAudioFrame>();
        var threads = new HashSet<(int Id, string? Name, bool Pooled)>();
        var reader = new PcmPipeReader(new SourceClock(new FakeTimeProvider(DateTimeOffset.UnixEpoch)), frame =>
        {
            threads.Add((Environment.CurrentManagedThreadId, Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread));
            frames.Add(frame);
        });

        var reading = BlockingPipeStream.RunOnOwnThread(() => reader.ReadAsync(new BlockingPipeStream(server), CancellationToken.None), "test-pipe-reader");
        using (var client = new AnonymousPipeClientStream(PipeDirection.Out, server.ClientSafePipeHandle))
        {
            var pcm = new byte[PcmAudioFrame.ByteLength];
            for (var i = 0; i < 5; i++)
            {
                pcm.AsSpan().Fill((byte)i);

                // Half a frame per write, with pauses: the reader blocks between them.
                await client.WriteAsync(pcm.AsMemory(0, pcm.Length / 2));
                await Task.Delay(10);
                await client.WriteAsync(pcm.AsMemory(pcm.Length / 2));
            }
        }

        await reading.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(5, frames.Count);
        Assert.Equal([0L, 960, 1920, 2880, 3840], frames.Select(f => f.Timestamp));
        Assert.All(frames, (frame, i) => Assert.True(frame.Data.Span.IndexOfAnyExcept((byte)i) < 0));
        var thread = Assert.Single(threads);
        Assert.Equal("test-pipe-reader", thread.Name);
        Assert.False(thread.Pooled);
        frames.ForEach(f => f.Dispose());
    }

    [Fact]
    public async Task RunOnOwnThread_ReaderThrows_TheTaskFaultsWithItsException()
    {
        var reading = BlockingPipeStream.RunOnOwnThread(() => throw new IOException("broken pipe"), "test-failing-reader");

        var exception = await Assert.ThrowsAsync<IOException>(() => reading.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("broken pipe", exception.Message);
    }
}
