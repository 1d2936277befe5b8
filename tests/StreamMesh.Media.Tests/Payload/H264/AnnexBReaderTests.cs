using StreamMesh.Media.Payload.H264;

namespace StreamMesh.Media.Tests.Payload.H264;

public sealed class AnnexBReaderTests
{
    private static List<byte[]> ReadAll(byte[] data)
    {
        var nals = new List<byte[]>();
        var reader = new AnnexBReader(data);
        while (reader.TryReadNext(out ReadOnlySpan<byte> nal))
        {
            nals.Add(nal.ToArray());
        }

        return nals;
    }

    [Fact]
    public void TryReadNext_MixedThreeAndFourByteStartCodes_SplitsNalUnits()
    {
        byte[] data = Hex.Parse("""
            00 00 00 01  09 F0          # AUD after a 4-byte start code
            00 00 01     67 42 C0 1F    # SPS after a 3-byte start code
            00 00 00 01  68 CE 3C 80    # PPS
            00 00 01     65 88 84 21    # IDR slice
            """);

        List<byte[]> nals = ReadAll(data);

        Assert.Equal(4, nals.Count);
        Assert.Equal(Hex.Parse("09 F0"), nals[0]);
        Assert.Equal(Hex.Parse("67 42 C0 1F"), nals[1]);
        Assert.Equal(Hex.Parse("68 CE 3C 80"), nals[2]);
        Assert.Equal(Hex.Parse("65 88 84 21"), nals[3]);
    }

    [Fact]
    public void TryReadNext_LeadingGarbageAndTrailingZeros_AreNotPartOfNalUnits()
    {
        byte[] data = Hex.Parse("""
            AA BB                        # bytes before the first start code
            00 00 01  41 9A 03           # non-IDR slice ending in an emulation-prevention byte
            00 00     00 00 00 01        # trailing_zero_8bits then a 4-byte start code
            41 9B
            00 00 00                     # trailing zeros at the end
            """);

        List<byte[]> nals = ReadAll(data);

        Assert.Equal(2, nals.Count);
        Assert.Equal(Hex.Parse("41 9A 03"), nals[0]);
        Assert.Equal(Hex.Parse("41 9B"), nals[1]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("41 9A 9B")]
    [InlineData("00 00 01")]
    [InlineData("00 00 01 00 00 01 00 00 00 01")]
    public void TryReadNext_NoNalUnits_ReturnsFalse(string hex)
    {
        Assert.Empty(ReadAll(Hex.Parse(hex)));
    }
}
