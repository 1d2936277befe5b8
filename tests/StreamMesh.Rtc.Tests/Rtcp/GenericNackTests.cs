using StreamMesh.Rtc.Rtcp;
using StreamMesh.Rtc.Tests.Rtp;

namespace StreamMesh.Rtc.Tests.Rtcp;

public class GenericNackTests
{
    private static readonly byte[] NackBytes = WireHex.Parse("""
        81 CD 00 04   // V=2 P=0 FMT=1 | PT=RTPFB=205 | length 4 (20 bytes)
        00 00 00 01   // SSRC of packet sender
        00 00 00 02   // SSRC of media source
        00 64 00 05   // PID 100 | BLP 0b101: 101 and 103 lost too (RFC 4585 §6.2.1)
        FF FF 80 00   // PID 65535 | BLP bit 15: 65535 + 16 = 15 lost too
        """);

    [Fact]
    public void TryParse_PidBlpPairs_ListsEveryLostSequenceNumber()
    {
        Assert.True(GenericNack.TryParse(NackBytes, out GenericNack nack));
        var lost = new List<ushort>();

        foreach (ushort sequence in nack.LostSequenceNumbers)
        {
            lost.Add(sequence);
        }

        Assert.Equal(1u, nack.SenderSsrc);
        Assert.Equal(2u, nack.MediaSsrc);
        Assert.Equal(2, nack.Pairs.Count);
        Assert.Equal([100, 101, 103, 65535, 15], lost);
    }

    [Fact]
    public void BuildPairs_LostList_PacksIntoPidBlp()
    {
        ushort[] lost = [100, 101, 103, 116, 117, 200];
        var pairs = new NackPair[lost.Length];

        int count = GenericNack.BuildPairs(lost, pairs);

        // 116 is PID + 16 (bit 15); 117 is out of reach and starts a new pair.
        Assert.Equal(
            [new NackPair(100, 0b1000_0000_0000_0101), new NackPair(117, 0), new NackPair(200, 0)],
            pairs.AsSpan(0, count).ToArray());
    }

    [Fact]
    public void BuildPairs_AcrossWrap_KeepsOnePair()
    {
        ushort[] lost = [65534, 65535, 0, 1];
        var pairs = new NackPair[4];

        int count = GenericNack.BuildPairs(lost, pairs);

        Assert.Equal(1, count);
        Assert.Equal(new NackPair(65534, 0b111), pairs[0]);
        Assert.Equal(4, pairs[0].LostCount);
        Assert.True(pairs[0].Contains(1));
        Assert.False(pairs[0].Contains(2));
    }

    [Fact]
    public void BuildThenWriteThenParse_RandomLossPatterns_RoundTrip()
    {
        var random = new Random(4585);
        var pairs = new NackPair[300];
        var buffer = new byte[2000];
        Span<ushort> scratch = stackalloc ushort[17];
        for (int iteration = 0; iteration < 200; iteration++)
        {
            var lost = new List<ushort>();
            ushort sequence = (ushort)random.Next(0, 65536);
            int n = random.Next(1, 300);
            for (int i = 0; i < n; i++)
            {
                sequence = unchecked((ushort)(sequence + random.Next(1, 40)));
                lost.Add(sequence);
            }

            int count = GenericNack.BuildPairs(lost.ToArray(), pairs);
            var nack = new GenericNack(5, 6, pairs.AsSpan(0, count));
            int written = nack.WriteTo(buffer);
            Assert.True(GenericNack.TryParse(buffer.AsSpan(0, written), out GenericNack parsed));

            var decoded = new List<ushort>();
            foreach (NackPair pair in parsed.Pairs)
            {
                int k = pair.CopyLostSequenceNumbersTo(scratch);
                Assert.Equal(pair.LostCount, k);
                decoded.AddRange(scratch[..k].ToArray());
            }

            Assert.Equal(lost, decoded);
        }
    }

    [Fact]
    public void TryParse_NoPairs_ReturnsFalse()
    {
        Assert.False(GenericNack.TryParse(WireHex.Parse("81 CD 00 02 00 00 00 01 00 00 00 02"), out _));
    }

    [Fact]
    public void TryParse_OtherFeedbackFormat_ReturnsFalse()
    {
        byte[] bytes = (byte[])NackBytes.Clone();
        bytes[0] = 0x8F;

        Assert.False(GenericNack.TryParse(bytes, out _));
    }

    [Fact]
    public void WriteTo_Pairs_ProducesRfcLayout()
    {
        var nack = new GenericNack(1, 2, [new NackPair(100, 5), new NackPair(65535, 0x8000)]);
        var buffer = new byte[nack.Length];

        nack.WriteTo(buffer);

        Assert.Equal(WireHex.Format(NackBytes), WireHex.Format(buffer));
    }
}
