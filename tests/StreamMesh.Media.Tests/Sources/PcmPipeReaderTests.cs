using Microsoft.Extensions.Time.Testing;
using StreamMesh.Media.Sources;

namespace StreamMesh.Media.Tests.Sources;

public sealed class PcmPipeReaderTests
{
    [Fact]
    public async Task ReadAsync_TwoAndAHalfFrames_DeliversTwoExactFramesWithContiguousTimestamps()
    {
        var pcm = new byte[(PcmAudioFrame.ByteLength * 5) / 2];
        for (var i = 0; i < pcm.Length; i++)
        {
            pcm[i] = (byte)(i * 7);
        }

        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var frames = new List<PcmAudioFrame>();

        // A stream that returns at most 1000 bytes per read, like a socket, so frames span reads.
        await new PcmPipeReader(new SourceClock(time), frames.Add).ReadAsync(new TricklingStream(pcm, 1000), CancellationToken.None);

        Assert.Equal(2, frames.Count);
        Assert.Equal([0L, 960L], frames.Select(f => f.Timestamp));
        Assert.Equal(pcm.AsSpan(0, 3840).ToArray(), frames[0].Data.ToArray());
        Assert.Equal(pcm.AsSpan(3840, 3840).ToArray(), frames[1].Data.ToArray());
        frames.ForEach(f => f.Dispose());
    }

    [Fact]
    public void ByteLength_TwentyMillisecondsOf48kHzStereoS16_Is3840()
    {
        Assert.Equal(48_000 / 50 * 2 * 2, PcmAudioFrame.ByteLength);
    }

    [Fact]
    public void Data_AfterDispose_Throws()
    {
        var frame = new PcmAudioFrame(System.Buffers.ArrayPool<byte>.Shared.Rent(PcmAudioFrame.ByteLength), 0, DateTimeOffset.UnixEpoch);
        frame.Dispose();
        frame.Dispose();

        Assert.Throws<ObjectDisposedException>(() => frame.Data);
    }

    private sealed class TricklingStream(byte[] data, int maxRead) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => base.ReadAsync(buffer[..Math.Min(buffer.Length, maxRead)], cancellationToken);
    }
}
