using StreamMesh.Rtc.Rtcp;
using StreamMesh.Rtc.Tests.Rtp;

namespace StreamMesh.Rtc.Tests.Rtcp;

public class TransportWideFeedbackTests
{
    // draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1: both chunk kinds, small and large deltas.
    private static readonly byte[] FeedbackBytes = WireHex.Parse("""
        8F CD 00 07   // V=2 P=0 FMT=15 | PT=RTPFB=205 | length 7 (32 bytes)
        00 00 00 01   // SSRC of packet sender
        00 00 00 02   // SSRC of media source
        00 64 00 08   // base sequence number 100 | packet status count 8
        00 00 10 05   // reference time 16 (x 64 ms) | fb pkt. count 5
        20 05         // run length chunk: T=0 S=01 (small delta) run 5 -> 100..104
        C9 00         // status vector: T=1 S=1 (2-bit): 00 lost (105), 10 large (106), 01 small (107), 4 unused
        04 01 02 00   // recv deltas 100..103 (x 250 us)
        FF            // recv delta 104: 255
        FF FC         // recv delta 106: -4 (large, signed)
        08            // recv delta 107: 8
        """);

    [Fact]
    public void TryParse_DraftLayout_ReadsHeaderFields()
    {
        Assert.True(TransportWideFeedback.TryParse(FeedbackBytes, out TransportWideFeedback feedback));

        Assert.Equal(1u, feedback.SenderSsrc);
        Assert.Equal(2u, feedback.MediaSsrc);
        Assert.Equal(100, feedback.BaseSequenceNumber);
        Assert.Equal(8, feedback.PacketStatusCount);
        Assert.Equal(16, feedback.ReferenceTime);
        Assert.Equal(TimeSpan.FromMilliseconds(1024), feedback.ReferenceTimeSpan);
        Assert.Equal(5, feedback.FeedbackPacketCount);
        Assert.Equal(2, feedback.ChunkCount);
        Assert.Equal(32, feedback.Length);
    }

    [Fact]
    public void Enumerate_DraftLayout_YieldsStatusAndDeltaPerSequence()
    {
        Assert.True(TransportWideFeedback.TryParse(FeedbackBytes, out TransportWideFeedback feedback));
        var statuses = new List<TransportWidePacketStatus>();

        foreach (TransportWidePacketStatus status in feedback)
        {
            statuses.Add(status);
        }

        Assert.Equal(
            [
                TransportWidePacketStatus.Received(100, 4),
                TransportWidePacketStatus.Received(101, 1),
                TransportWidePacketStatus.Received(102, 2),
                TransportWidePacketStatus.Received(103, 0),
                TransportWidePacketStatus.Received(104, 255),
                TransportWidePacketStatus.Lost(105),
                TransportWidePacketStatus.Received(106, -4),
                TransportWidePacketStatus.Received(107, 8),
            ],
            statuses);
        Assert.Equal(TimeSpan.FromMilliseconds(-1), statuses[6].Delta);
    }

    [Fact]
    public void WriteTo_ParsedPacket_ReproducesBytes()
    {
        Assert.True(TransportWideFeedback.TryParse(FeedbackBytes, out TransportWideFeedback feedback));
        var buffer = new byte[feedback.Length];

        feedback.WriteTo(buffer);

        Assert.Equal(WireHex.Format(FeedbackBytes), WireHex.Format(buffer));
    }

    [Fact]
    public void WriteTo_BuiltPacketNeedingPadding_SetsPBitAndCountOctet()
    {
        TransportWidePacketStatus[] statuses =
        [
            TransportWidePacketStatus.Received(1, 1),
            TransportWidePacketStatus.Received(2, 2),
            TransportWidePacketStatus.Received(3, 3),
        ];
        var feedback = new TransportWideFeedback(1, 2, 1, 0, 0, statuses);
        var buffer = new byte[feedback.Length];

        feedback.WriteTo(buffer);

        Assert.Equal(WireHex.Format(WireHex.Parse("""
            AF CD 00 06   // V=2 P=1 FMT=15 | RTPFB | length 6 (28 bytes)
            00 00 00 01   // sender
            00 00 00 02   // media
            00 01 00 03   // base 1 | count 3
            00 00 00 00   // reference time 0 | fb pkt count 0
            20 03         // run length: small delta x3
            01 02 03      // deltas
            00 00 03      // padding, count 3
            """)), WireHex.Format(buffer));
    }

    [Fact]
    public void Build_LongLossRun_UsesVectorThenRunLengthChunks()
    {
        var statuses = new TransportWidePacketStatus[100];
        for (int i = 0; i < statuses.Length; i++)
        {
            statuses[i] = TransportWidePacketStatus.Lost((ushort)(65500 + i));
        }

        statuses[0] = TransportWidePacketStatus.Received(65500, 10);
        statuses[99] = TransportWidePacketStatus.Received(unchecked((ushort)(65500 + 99)), 300);

        var feedback = new TransportWideFeedback(1, 2, 65500, 0xFF_FFFF, 255, statuses);

        // 1-bit vector for the first 14, a run of 85 losses, then a run of one large delta.
        Assert.Equal(3, feedback.ChunkCount);
        AssertRoundTrip(feedback, statuses);
    }

    [Fact]
    public void Build_RandomStatuses_RoundTripThroughParse()
    {
        var random = new Random(1501);
        for (int iteration = 0; iteration < 300; iteration++)
        {
            int count = random.Next(1, 600);
            ushort baseSequence = (ushort)random.Next(0, 65536);
            var statuses = new TransportWidePacketStatus[count];
            int mode = random.Next(3);
            for (int i = 0; i < count; i++)
            {
                ushort sequence = unchecked((ushort)(baseSequence + i));
                int roll = random.Next(100);
                statuses[i] = (mode, roll) switch
                {
                    (0, < 10) or (1, < 60) => TransportWidePacketStatus.Lost(sequence),
                    (2, < 30) => TransportWidePacketStatus.Received(sequence, (short)random.Next(-2000, 2000)),
                    _ => TransportWidePacketStatus.Received(sequence, (short)random.Next(0, 256)),
                };
            }

            var feedback = new TransportWideFeedback(7, 8, baseSequence, random.Next(0, 1 << 24), (byte)iteration, statuses);
            AssertRoundTrip(feedback, statuses);
        }
    }

    [Fact]
    public void TryParse_StatusCountZero_ReturnsFalse()
    {
        byte[] bytes = (byte[])FeedbackBytes.Clone();
        bytes[14] = 0;
        bytes[15] = 0;

        Assert.False(TransportWideFeedback.TryParse(bytes, out _));
    }

    [Fact]
    public void TryParse_ReservedSymbol_ReturnsFalse()
    {
        byte[] bytes = (byte[])FeedbackBytes.Clone();
        bytes[20] = 0x60; // run length chunk with S=11

        Assert.False(TransportWideFeedback.TryParse(bytes, out _));
    }

    [Fact]
    public void TryParse_StatusCountBeyondChunks_ReturnsFalse()
    {
        byte[] bytes = (byte[])FeedbackBytes.Clone();
        bytes[15] = 0x40; // 64 statuses: chunks would have to continue into the deltas and beyond

        Assert.False(TransportWideFeedback.TryParse(bytes, out _));
    }

    [Fact]
    public void TryParse_DeltasTruncated_ReturnsFalse()
    {
        byte[] bytes = (byte[])FeedbackBytes.Clone();
        bytes[3] = 0x06; // packet now ends inside the deltas

        Assert.False(TransportWideFeedback.TryParse(bytes.AsSpan(0, 28), out _));
    }

    [Fact]
    public void TryParse_ReferenceTimeAllOnes_IsUnsigned24Bit()
    {
        byte[] bytes = (byte[])FeedbackBytes.Clone();
        bytes[16] = 0xFF;
        bytes[17] = 0xFF;
        bytes[18] = 0xFF;

        Assert.True(TransportWideFeedback.TryParse(bytes, out TransportWideFeedback feedback));
        Assert.Equal(0xFF_FFFF, feedback.ReferenceTime);
    }

    [Fact]
    public void Constructor_InconsistentStatuses_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
            new TransportWideFeedback(1, 2, 10, 0, 0, [TransportWidePacketStatus.Lost(11)]).Length);
        Assert.Throws<ArgumentException>(() =>
            new TransportWideFeedback(1, 2, 10, 0, 0, [new TransportWidePacketStatus(10, TransportWideStatusSymbol.ReceivedSmallDelta, 300)]).Length);
        Assert.Throws<ArgumentException>(() => new TransportWideFeedback(1, 2, 10, 0, 0, []).Length);
    }

    private static void AssertRoundTrip(TransportWideFeedback feedback, TransportWidePacketStatus[] expected)
    {
        var buffer = new byte[feedback.Length];
        Assert.Equal(buffer.Length, feedback.WriteTo(buffer));
        Assert.Equal(0, buffer.Length % 4);
        Assert.True(TransportWideFeedback.TryParse(buffer, out TransportWideFeedback parsed));
        Assert.Equal(feedback.ReferenceTime, parsed.ReferenceTime);
        Assert.Equal(feedback.FeedbackPacketCount, parsed.FeedbackPacketCount);
        Assert.Equal(feedback.ChunkCount, parsed.ChunkCount);
        var actual = new List<TransportWidePacketStatus>();
        foreach (TransportWidePacketStatus status in parsed)
        {
            actual.Add(status);
        }

        Assert.Equal(expected, actual);
    }
}
