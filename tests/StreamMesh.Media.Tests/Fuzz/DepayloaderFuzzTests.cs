using StreamMesh.Media.Payload;
using StreamMesh.Media.Payload.H264;
using StreamMesh.Media.Payload.Opus;
using StreamMesh.Media.Payload.Vp8;
using StreamMesh.Media.Tests.Payload;
using StreamMesh.Media.Tests.Payload.H264;

namespace StreamMesh.Media.Tests.Fuzz;

/// <summary>
/// Depayloaders fed a stream of mutated packets as from one hostile sender: byte 0 of each input steers
/// the marker, timestamp and sequence step, the rest is the payload, and state carries over between inputs.
/// </summary>
public sealed class DepayloaderFuzzTests
{
    private const int MaxFrameSize = 64 * 1024;

    [Fact]
    public async Task H264Push_MutatedPacketStream_NeverThrowsAndBoundsFrames()
    {
        var sink = new RecordingPayloadSink();
        var payloader = new H264Payloader(new RtpPayloaderOptions { MaxPayloadSize = 200 });
        payloader.Packetize(H264TestData.AnnexB(H264TestData.Sps, H264TestData.Pps, H264TestData.Nal(5, 900)), sink);
        payloader.Packetize(H264TestData.AnnexB(H264TestData.Nal(1, 120)), sink);
        var seeds = Seeds(sink.Payloads);
        seeds.Add([0x03, 0x18, 0x00, 0x07, .. H264TestData.Sps, 0x00, 0x04, .. H264TestData.Pps]); // STAP-A (RFC 6184 §5.7.1)

        IReadOnlySet<int> outcomes = await RunAsync(new H264Depayloader(new RtpDepayloaderOptions { MaxFrameSize = MaxFrameSize }), seeds);

        Assert.Contains((int)DepayloadStatus.FrameReady, outcomes);
        Assert.Contains((int)DepayloadStatus.Malformed, outcomes);
    }

    [Fact]
    public async Task Vp8Push_MutatedPacketStream_NeverThrowsAndBoundsFrames()
    {
        var sink = new RecordingPayloadSink();
        var payloader = new Vp8Payloader(new RtpPayloaderOptions { MaxPayloadSize = 200 }, initialPictureId: 32760);
        byte[] keyframe = new byte[700];
        keyframe[0] = 0x10;
        keyframe[3] = 0x9D;
        keyframe[4] = 0x01;
        keyframe[5] = 0x2A;
        payloader.Packetize(keyframe, sink);
        payloader.Packetize(new byte[] { 0x11, 1, 2, 3, 4, 5 }, sink);

        IReadOnlySet<int> outcomes = await RunAsync(new Vp8Depayloader(new RtpDepayloaderOptions { MaxFrameSize = MaxFrameSize }), Seeds(sink.Payloads));

        Assert.Contains((int)DepayloadStatus.FrameReady, outcomes);
        Assert.Contains((int)DepayloadStatus.Malformed, outcomes);
    }

    [Fact]
    public async Task OpusPush_MutatedPacketStream_NeverThrows()
    {
        var payloads = new List<RecordedPayload>();
        foreach (byte toc in new byte[] { 0x78, 0x79, 0x7A, 0x7B, 0xFC })
        {
            payloads.Add(new RecordedPayload([toc, 20, 0x83, .. Enumerable.Range(0, 60).Select(i => (byte)i)], Marker: false));
        }

        IReadOnlySet<int> outcomes = await RunAsync(new OpusDepayloader(), Seeds(payloads));

        Assert.Contains((int)DepayloadStatus.FrameReady, outcomes);
        Assert.Contains((int)DepayloadStatus.Malformed, outcomes);
    }

    [Fact]
    public async Task OpusPacketInspector_MutatedPackets_NeverThrowsNorAcceptsOverlongPackets()
    {
        byte[][] seeds = [[0x78, 1, 2, 3], [0x79, 1, 2, 3, 4], [0x7A, 2, 9, 9, 8, 8, 8], [0x7B, 0x83, 2, 3, 1, 1, 2, 2, 2, 3], [0x0B, 0x42, 2, 1, 1, 9, 9]];

        IReadOnlySet<int> outcomes = await ShortFuzzRun.AssertRobustAsync(seeds, input =>
        {
            if (!OpusPacketInspector.TryInspect(input, out OpusPacketSummary summary))
            {
                return 0;
            }

            // Checked by hand: xunit's range assertion allocates, and this path must not.
            return summary.TotalSamples is < 0 or > OpusPacketInspector.MaxPacketSamples ? 2 : 1;
        }, iterations: 20_000, allocationBound: 0);

        Assert.Equal([0, 1], outcomes.Order());
    }

    private static List<byte[]> Seeds(IReadOnlyList<RecordedPayload> payloads)
    {
        var seeds = new List<byte[]>();
        bool frameStart = true;
        foreach (RecordedPayload payload in payloads)
        {
            seeds.Add([(byte)((payload.Marker ? 1 : 0) | (frameStart ? 2 : 0)), .. payload.Bytes]);
            frameStart = payload.Marker;
        }

        return seeds;
    }

    private static Task<IReadOnlySet<int>> RunAsync(IRtpDepayloader depayloader, IReadOnlyList<byte[]> seeds)
    {
        ushort sequenceNumber = 100;
        uint timestamp = 9000;
        return ShortFuzzRun.AssertRobustAsync(seeds, input =>
        {
            byte control = input.IsEmpty ? (byte)0 : input[0];
            sequenceNumber = (control >> 2 & 3) switch
            {
                0 => (ushort)(sequenceNumber + 1),
                1 => sequenceNumber,
                2 => (ushort)(sequenceNumber - 1),
                _ => (ushort)(sequenceNumber + ((control >> 4) * 997)),
            };
            timestamp += (control & 2) != 0 ? 3000u : 0u;
            DepayloadStatus status = depayloader.Push(input.IsEmpty ? default : input[1..], (control & 1) != 0, sequenceNumber, timestamp, out DepayloadedFrame frame);
            Assert.InRange(frame.Data.Length, 0, MaxFrameSize);
            return (int)status;
        }, iterations: 20_000, allocationBound: 4L * MaxFrameSize);
    }
}
