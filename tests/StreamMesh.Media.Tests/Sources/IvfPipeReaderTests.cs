using System.Buffers.Binary;
using Microsoft.Extensions.Time.Testing;
using StreamMesh.Media.Sources;

namespace StreamMesh.Media.Tests.Sources;

public sealed class IvfPipeReaderTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    // VP8 frame tags (RFC 6386 §9.1): first byte bit 0 = 0 for a key frame, followed on key frames by the
    // start code 9d 01 2a and 14-bit width/height.
    private static readonly byte[] KeyFrame = [0x50, 0x42, 0x00, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0x68, 0x01, 0xAA];
    private static readonly byte[] InterFrame = [0x31, 0x0B, 0x00, 0xBB, 0xCC];

    [Fact]
    public async Task ReadAsync_ThreeFrames_DeliversDataKeyFlagsAndPtsAs90kHz()
    {
        // Time base 1/30: pts 0, 1, 3 → 0, 3000, 9000 (pts 2 missing, as when libvpx drops a frame).
        var stream = Ivf(rate: 30, scale: 1, (0, KeyFrame), (1, InterFrame), (3, InterFrame));
        var time = new FakeTimeProvider(Start);
        var frames = new List<EncodedVideoFrame>();

        var problem = await new IvfPipeReader(new SourceClock(time), frames.Add).ReadAsync(stream, CancellationToken.None);

        Assert.Null(problem);
        Assert.Equal([0L, 3000L, 9000L], frames.Select(f => f.Timestamp));
        Assert.Equal([true, false, false], frames.Select(f => f.IsKeyframe));
        Assert.Equal([0L, 1L, 2L], frames.Select(f => f.Index));
        Assert.Equal(KeyFrame, frames[0].Data.ToArray());
        Assert.Equal(InterFrame, frames[2].Data.ToArray());
        Assert.All(frames, f => Assert.Equal(SourceVideoCodec.VP8, f.Codec));
        Assert.All(frames, f => Assert.Equal(Start, f.CaptureTime));
        frames.ForEach(f => f.Dispose());
    }

    [Fact]
    public async Task ReadAsync_MillisecondTimeBase_ConvertsPtsTo90kHz()
    {
        var stream = Ivf(rate: 1000, scale: 1, (0, KeyFrame), (40, InterFrame));
        var frames = new List<EncodedVideoFrame>();

        await new IvfPipeReader(new SourceClock(new FakeTimeProvider(Start)), frames.Add).ReadAsync(stream, CancellationToken.None);

        Assert.Equal([0L, 3600L], frames.Select(f => f.Timestamp));
    }

    [Fact]
    public async Task ReadAsync_NotIvf_ReturnsProblemWithoutThrowing()
    {
        var stream = new MemoryStream(new byte[64]);
        var frames = new List<EncodedVideoFrame>();

        var problem = await new IvfPipeReader(new SourceClock(new FakeTimeProvider(Start)), frames.Add).ReadAsync(stream, CancellationToken.None);

        Assert.Contains("DKIF", problem, StringComparison.Ordinal);
        Assert.Empty(frames);
    }

    [Fact]
    public async Task ReadAsync_FrameSizeBeyondLimit_ReturnsProblem()
    {
        var bytes = Ivf(rate: 30, scale: 1, (0, KeyFrame)).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(IvfPipeReader.FileHeaderSize), IvfPipeReader.MaxFrameSize + 1u);

        var problem = await new IvfPipeReader(new SourceClock(new FakeTimeProvider(Start)), _ => { }).ReadAsync(new MemoryStream(bytes), CancellationToken.None);

        Assert.Contains("claims", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_TruncatedLastFrame_EndsCleanlyAfterCompleteFrames()
    {
        var bytes = Ivf(rate: 30, scale: 1, (0, KeyFrame), (1, InterFrame)).ToArray();
        var frames = new List<EncodedVideoFrame>();

        var problem = await new IvfPipeReader(new SourceClock(new FakeTimeProvider(Start)), frames.Add)
            .ReadAsync(new MemoryStream(bytes[..^2]), CancellationToken.None);

        Assert.Null(problem);
        Assert.Single(frames);
    }

    [Theory]
    [InlineData(0, 1, "time base")]
    [InlineData(30, 0, "time base")]
    public void TryParseFileHeader_ZeroTimeBase_IsRejected(uint rate, uint scale, string expected)
    {
        var header = Ivf(rate, scale).ToArray();

        Assert.False(IvfPipeReader.TryParseFileHeader(header, out _, out _, out _, out var problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    private static MemoryStream Ivf(uint rate, uint scale, params (long Pts, byte[] Data)[] frames)
    {
        var stream = new MemoryStream();
        var header = new byte[32];
        "DKIF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 32);
        "VP80"u8.CopyTo(header.AsSpan(8));
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(12), 640);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(14), 360);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), rate);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), scale);
        stream.Write(header);
        foreach (var (pts, data) in frames)
        {
            var frameHeader = new byte[12];
            BinaryPrimitives.WriteUInt32LittleEndian(frameHeader, (uint)data.Length);
            BinaryPrimitives.WriteInt64LittleEndian(frameHeader.AsSpan(4), pts);
            stream.Write(frameHeader);
            stream.Write(data);
        }

        stream.Position = 0;
        return stream;
    }
}
