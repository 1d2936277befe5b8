using StreamMesh.Rtc.Rtcp;
using StreamMesh.Rtc.Tests.Rtp;

namespace StreamMesh.Rtc.Tests.Rtcp;

public class SourceDescriptionTests
{
    private static readonly byte[] SingleCname = WireHex.Parse("""
        81 CA 00 03   // V=2 P=0 SC=1 | PT=SDES=202 | length 3 (16 bytes)
        11 22 33 44   // SSRC
        01 03 61 62   // CNAME=1 | length 3 | "ab..
        63 00 00 00   // ..c" | end of list | null padding to 32 bits (RFC 3550 §6.5)
        """);

    private static readonly byte[] TwoChunks = WireHex.Parse("""
        82 CA 00 06   // SC=2 | SDES | length 6 (28 bytes)
        00 00 00 01   // chunk 1: SSRC 1
        01 01 61 02   // CNAME "a" | NAME=2 length 2 ..
        02 62 62 00   // .. "bb" | end
        00 00 00 02   // chunk 2: SSRC 2
        01 04 78 79   // CNAME length 4 "xy..
        7A 31 00 00   // ..z1" | end | pad
        """);

    [Fact]
    public void TryParse_SingleCnameChunk_ReadsCname()
    {
        Assert.True(SourceDescription.TryParse(SingleCname, out SourceDescription sdes));

        Assert.Equal(1, sdes.ChunkCount);
        Assert.True(sdes.TryGetCname(0x11223344, out ReadOnlySpan<byte> cname));
        Assert.Equal("abc"u8.ToArray(), cname.ToArray());
        Assert.False(sdes.TryGetCname(5, out _));
    }

    [Fact]
    public void Write_SingleCname_ProducesRfcLayout()
    {
        var sdes = new SourceDescription(0x11223344, "abc");
        var buffer = new byte[sdes.Length];

        sdes.WriteTo(buffer);

        Assert.Equal(WireHex.Format(SingleCname), WireHex.Format(buffer));
    }

    [Fact]
    public void TryParse_TwoChunksWithSeveralItems_EnumeratesAll()
    {
        Assert.True(SourceDescription.TryParse(TwoChunks, out SourceDescription sdes));
        var items = new List<string>();

        foreach (SdesChunk chunk in sdes)
        {
            foreach (SdesItem item in chunk)
            {
                items.Add($"{chunk.Ssrc}:{item.Type}={System.Text.Encoding.UTF8.GetString(item.Value)}");
            }
        }

        Assert.Equal(["1:Cname=a", "1:Name=bb", "2:Cname=xyz1"], items);
    }

    [Fact]
    public void Write_TwoCnameChunks_ParsesBack()
    {
        var sdes = new SourceDescription([new CnameChunk(1, "audio@host"), new CnameChunk(2, "déjà-vu")]);
        var buffer = new byte[sdes.Length];
        sdes.WriteTo(buffer);

        Assert.Equal(0, buffer.Length % 4);
        Assert.True(SourceDescription.TryParse(buffer, out SourceDescription parsed));
        Assert.True(parsed.TryGetCname(1, out ReadOnlySpan<byte> first));
        Assert.True(parsed.TryGetCname(2, out ReadOnlySpan<byte> second));
        Assert.Equal("audio@host", System.Text.Encoding.UTF8.GetString(first));
        Assert.Equal("déjà-vu", System.Text.Encoding.UTF8.GetString(second));
    }

    [Fact]
    public void Write_CnameFillingWholeWords_StillAddsTerminatingWord()
    {
        // 4 (SSRC) + 2 (type, length) + 2 ("ab") = 8, so the null terminator needs a new word.
        var sdes = new SourceDescription(1, "ab");
        var buffer = new byte[sdes.Length];
        sdes.WriteTo(buffer);

        Assert.Equal("81CA0003" + "00000001" + "01026162" + "00000000", WireHex.Format(buffer));
    }

    [Fact]
    public void TryParse_ChunkWithoutTerminator_ReturnsFalse()
    {
        byte[] bytes = WireHex.Parse("81 CA 00 02 00 00 00 01 01 02 61 62");

        Assert.False(SourceDescription.TryParse(bytes, out _));
    }

    [Fact]
    public void TryParse_ItemLengthBeyondChunk_ReturnsFalse()
    {
        byte[] bytes = (byte[])SingleCname.Clone();
        bytes[9] = 0x20;

        Assert.False(SourceDescription.TryParse(bytes, out _));
    }

    [Fact]
    public void TryParse_SourceCountBeyondData_ReturnsFalse()
    {
        byte[] bytes = (byte[])SingleCname.Clone();
        bytes[0] = 0x82;

        Assert.False(SourceDescription.TryParse(bytes, out _));
    }

    [Theory]
    [InlineData("")]
    public void Constructor_EmptyCname_Throws(string cname)
    {
        Assert.Throws<ArgumentException>(() => new SourceDescription(1, cname).Length);
    }

    [Fact]
    public void Constructor_CnameOver255Bytes_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SourceDescription(1, new string('x', 256)).Length);
    }
}
