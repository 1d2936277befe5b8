using StreamMesh.Media.Sources;

namespace StreamMesh.Media.Tests.Sources;

public sealed class AnnexBAccessUnitSplitterTests
{
    // NAL unit types (H.264 Table 7-1).
    private const int NonIdrSlice = 1;
    private const int IdrSlice = 5;
    private const int Sei = 6;
    private const int Sps = 7;
    private const int Pps = 8;
    private const int Aud = 9;

    // First slice-header byte: 0x88 = 1000 1000 → first_mb_in_slice ue(v) "1" = 0 (a new picture);
    // 0x20 = 0010 0000 → ue(v) "00100" = 3 (a later slice of the same picture).
    private const byte FirstMbZero = 0x88;
    private const byte FirstMbThree = 0x20;

    private static readonly byte[] IdrUnit =
    [
        .. AnnexB.Nal(Aud, 0xF0),
        .. AnnexB.Nal(Sps, 0x42, 0xC0, 0x1F),
        .. AnnexB.Nal(Pps, 0xCE, 0x3C, 0x80),
        .. AnnexB.Nal(IdrSlice, FirstMbZero, 0x84, 0x00, 0x33),
    ];

    private static readonly byte[] PUnitA = [.. AnnexB.Nal(Aud, 0x30), .. AnnexB.Nal(NonIdrSlice, FirstMbZero, 0x9A, 0x02)];
    private static readonly byte[] PUnitB = [.. AnnexB.Nal(Aud, 0x30), .. AnnexB.Nal(NonIdrSlice, FirstMbZero, 0x9A, 0x04)];

    [Fact]
    public void TryRead_ThreeDelimitedUnitsInOneWrite_ReturnsTwoAndFlushReturnsTheLast()
    {
        var units = Split([.. IdrUnit, .. PUnitA, .. PUnitB], chunkSize: int.MaxValue);

        Assert.Equal(3, units.Count);
        Assert.Equal(IdrUnit, units[0].Data);
        Assert.True(units[0].IsKeyframe);
        Assert.Equal(PUnitA, units[1].Data);
        Assert.False(units[1].IsKeyframe);
        Assert.Equal(PUnitB, units[2].Data);
        Assert.True(units[2].FromFlush);
        Assert.False(units[1].FromFlush);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void TryRead_StreamArrivingInSmallChunks_SplitsExactlyAsInOneWrite(int chunkSize)
    {
        byte[] stream = [.. IdrUnit, .. PUnitA, .. PUnitB, .. IdrUnit];

        var units = Split(stream, chunkSize);

        Assert.Equal([IdrUnit, PUnitA, PUnitB, IdrUnit], units.Select(u => u.Data));
        Assert.Equal([true, false, false, true], units.Select(u => u.IsKeyframe));
    }

    [Fact]
    public void TryRead_NoDelimiters_SplitsAtSliceWithFirstMbZeroAndAtParameterSets()
    {
        byte[] idr = [.. AnnexB.Nal(Sps, 0x42), .. AnnexB.Nal(Pps, 0xCE), .. AnnexB.Nal(IdrSlice, FirstMbZero, 0x11)];
        byte[] p1 = AnnexB.Nal(NonIdrSlice, FirstMbZero, 0x22);
        byte[] p2 = [.. AnnexB.Nal(Sei, 0x05, 0x01), .. AnnexB.Nal(NonIdrSlice, FirstMbZero, 0x33)];

        var units = Split([.. idr, .. p1, .. p2, .. p1], chunkSize: int.MaxValue);

        Assert.Equal([idr, p1, p2, p1], units.Select(u => u.Data));
    }

    [Fact]
    public void TryRead_SecondSliceOfSamePicture_StaysInTheAccessUnit()
    {
        byte[] twoSlices = [.. AnnexB.Nal(Aud, 0x30), .. AnnexB.Nal(NonIdrSlice, FirstMbZero, 0x01), .. AnnexB.Nal(NonIdrSlice, FirstMbThree, 0x02)];

        var units = Split([.. twoSlices, .. PUnitA], chunkSize: int.MaxValue);

        Assert.Equal([twoSlices, PUnitA], units.Select(u => u.Data));
    }

    [Fact]
    public void TryRead_ThreeByteStartCodes_SplitAtTheStartCode()
    {
        byte[] first = [0, 0, 1, 0x09, 0xF0, 0, 0, 1, 0x65, FirstMbZero, 0x77];
        byte[] second = [0, 0, 1, 0x09, 0x30, 0, 0, 1, 0x41, FirstMbZero, 0x78];

        var units = Split([.. first, .. second], chunkSize: int.MaxValue);

        Assert.Equal([first, second], units.Select(u => u.Data));
        Assert.True(units[0].IsKeyframe);
    }

    [Fact]
    public void TryFlush_TailWithoutSlice_ReturnsNothing()
    {
        using var splitter = new AnnexBAccessUnitSplitter();
        Write(splitter, [.. AnnexB.Nal(Aud, 0xF0), .. AnnexB.Nal(Sps, 0x42, 0xC0)]);

        Assert.False(splitter.TryRead(out _, out _));
        Assert.False(splitter.TryFlush(out _, out _));
    }

    [Fact]
    public void TryRead_RandomBytes_NeverThrowsAndBoundsMemory()
    {
        var random = new Random(42);
        using var splitter = new AnnexBAccessUnitSplitter(initialCapacity: 1024, maxAccessUnitSize: 64 * 1024);
        long written = 0, returned = 0;
        for (var i = 0; i < 400; i++)
        {
            var chunk = new byte[random.Next(1, 4096)];
            random.NextBytes(chunk);
            Write(splitter, chunk);
            written += chunk.Length;
            while (splitter.TryRead(out var unit, out _))
            {
                returned += unit.Length;
            }
        }

        splitter.TryFlush(out var tail, out _);
        Assert.True(splitter.DiscardedBytes > 0, "800 kB without start codes should have hit the 64 kB limit");
        Assert.True(returned + tail.Length + splitter.DiscardedBytes <= written);
    }

    [Fact]
    public void TryRead_UnitLargerThanLimit_IsDiscardedAndCounted()
    {
        using var splitter = new AnnexBAccessUnitSplitter(initialCapacity: 1024, maxAccessUnitSize: 4096);
        byte[] huge = [.. AnnexB.Nal(Aud, 0xF0), .. AnnexB.Nal(IdrSlice, [FirstMbZero, .. Enumerable.Repeat((byte)0x55, 8000)])];
        Write(splitter, huge);

        Assert.False(splitter.TryRead(out _, out _));
        Assert.Equal(huge.Length, splitter.DiscardedBytes);
    }

    private static void Write(AnnexBAccessUnitSplitter splitter, ReadOnlySpan<byte> data)
    {
        data.CopyTo(splitter.GetMemory(data.Length).Span);
        splitter.Advance(data.Length);
    }

    private static List<(byte[] Data, bool IsKeyframe, bool FromFlush)> Split(byte[] stream, int chunkSize)
    {
        using var splitter = new AnnexBAccessUnitSplitter(initialCapacity: 16);
        var units = new List<(byte[], bool, bool)>();
        for (var offset = 0; offset < stream.Length; offset += chunkSize)
        {
            Write(splitter, stream.AsSpan(offset, Math.Min(chunkSize, stream.Length - offset)));
            while (splitter.TryRead(out var unit, out var isKeyframe))
            {
                units.Add((unit.ToArray(), isKeyframe, false));
            }
        }

        if (splitter.TryFlush(out var last, out var lastIsKeyframe))
        {
            units.Add((last.ToArray(), lastIsKeyframe, true));
        }

        return units;
    }
}
