using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Rtp;

namespace StreamMesh.Rtc.Tests.Fuzz;

public sealed class RtpFuzzTests
{
    [Fact]
    public async Task TryParse_MutatedPacketsWithExtensions_NeverThrowsNorAllocates()
    {
        IReadOnlySet<int> outcomes = await ShortFuzzRun.AssertRobustAsync(Seeds(), Drive, iterations: 20_000, allocationBound: 0);

        Assert.Contains(0, outcomes);
        Assert.Contains(outcomes, o => (o & 1) != 0 && (o & 2) != 0);
    }

    [Fact]
    public async Task TryUnwrap_MutatedRtxPackets_NeverThrowsNorOverrunsDestination()
    {
        var seeds = new List<byte[]>();
        foreach (byte[] original in Seeds())
        {
            byte[] rtx = new byte[original.Length + RtxPacket.OsnLength];
            Assert.True(RtxPacket.TryWrap(original, rtx, 0xAABBCCDD, 97, 1000, out int written));
            seeds.Add(rtx[..written]);
        }

        byte[] destination = new byte[2048];
        IReadOnlySet<int> outcomes = await ShortFuzzRun.AssertRobustAsync(seeds, input =>
        {
            if (!RtxPacket.TryUnwrap(input, destination, 0x11223344, 96, out int written))
            {
                return 0;
            }

            // One byte short of what the original needs must be refused, never overrun.
            bool shortAccepted = RtxPacket.TryUnwrap(input, destination.AsSpan(0, written - 1), 0x11223344, 96, out _);
            return 1 | (shortAccepted ? 2 : 0) | (written > input.Length - RtxPacket.OsnLength ? 4 : 0);
        }, iterations: 20_000, allocationBound: 0);

        Assert.Contains(0, outcomes);
        Assert.Contains(1, outcomes);
        Assert.DoesNotContain(outcomes, o => (o & 6) != 0);
    }

    private static int Drive(ReadOnlySpan<byte> input)
    {
        if (!RtpPacket.TryParse(input, out RtpPacket packet))
        {
            return 0;
        }

        int outcome = 1;
        RtpHeaderExtensions extensions = packet.Header.Extensions;
        outcome |= extensions.IsWellFormed() ? 2 : 0;
        foreach (RtpHeaderExtensionElement element in extensions)
        {
            outcome |= element.Id switch
            {
                1 => SdesMidExtension.TryRead(element.Value, out _) ? 4 : 0,
                2 => AbsSendTimeExtension.TryRead(element.Value, out _) ? 8 : 0,
                3 => TransportSequenceNumberExtension.TryRead(element.Value, out _) ? 16 : 0,
                4 => AbsCaptureTimeExtension.TryRead(element.Value, out NtpTimestamp _, out long? _) ? 32 : 0,
                _ => 64,
            };
        }

        for (int i = 0; i < packet.Header.CsrcCount; i++)
        {
            _ = packet.Header.GetCsrc(i);
        }

        return outcome;
    }

    private static List<byte[]> Seeds()
    {
        var seeds = new List<byte[]>();
        foreach (RtpHeaderExtensionForm form in new[] { RtpHeaderExtensionForm.OneByte, RtpHeaderExtensionForm.TwoByte })
        {
            byte[] extensionBuffer = new byte[64];
            var extensions = new RtpHeaderExtensionWriter(extensionBuffer, form);
            Assert.True(SdesMidExtension.TryAdd(ref extensions, 1, "0"));
            Assert.True(AbsSendTimeExtension.TryAdd(ref extensions, 2, 0x123456));
            Assert.True(TransportSequenceNumberExtension.TryAdd(ref extensions, 3, 77));
            Assert.True(AbsCaptureTimeExtension.TryAdd(ref extensions, 4, new NtpTimestamp(0x0102030405060708), 42));
            seeds.Add(Write(new RtpHeader
            {
                PayloadType = 96,
                SequenceNumber = 4321,
                Timestamp = 90_000,
                Ssrc = 0xCAFEBABE,
                Marker = true,
                CsrcData = [1, 2, 3, 4, 5, 6, 7, 8],
                ExtensionProfile = extensions.Profile,
                ExtensionData = extensions.Complete(),
            }, [0x7C, 0x85, 0x88, 0x84], padding: form == RtpHeaderExtensionForm.TwoByte ? (byte)4 : (byte)0));
        }

        seeds.Add(Write(new RtpHeader { PayloadType = 111, SequenceNumber = 1, Timestamp = 960, Ssrc = 1 }, [0xFC, 0xFF, 0xFE], padding: 0));
        return seeds;
    }

    private static byte[] Write(RtpHeader header, byte[] payload, byte padding)
    {
        var packet = new RtpPacket { Header = header, Payload = payload, PaddingLength = padding };
        byte[] bytes = new byte[packet.Length];
        packet.WriteTo(bytes);
        return bytes;
    }
}
