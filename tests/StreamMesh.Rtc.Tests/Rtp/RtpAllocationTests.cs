using StreamMesh.Rtc.Rtp;

namespace StreamMesh.Rtc.Tests.Rtp;

public class RtpAllocationTests
{
    [Fact]
    public void SerializeParseRewrite_AfterWarmUp_AllocateNothing()
    {
        var payload = new byte[1000];
        var buffer = new byte[1500];
        long sink = 0;
        for (int i = 0; i < 100; i++)
        {
            sink += RoundTrip(payload, buffer, (ushort)i);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            sink += RoundTrip(payload, buffer, (ushort)i);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.NotEqual(0, sink);
    }

    private static long RoundTrip(byte[] payload, byte[] buffer, ushort sequence)
    {
        Span<byte> extensionBuffer = stackalloc byte[16];
        var extensions = new RtpHeaderExtensionWriter(extensionBuffer, RtpHeaderExtensionForm.OneByte);
        SdesMidExtension.TryAdd(ref extensions, 1, "0");
        TransportSequenceNumberExtension.TryAdd(ref extensions, 3, sequence);
        var packet = new RtpPacket
        {
            Header = new RtpHeader
            {
                PayloadType = 96,
                SequenceNumber = sequence,
                Ssrc = 7,
                ExtensionProfile = extensions.Profile,
                ExtensionData = extensions.Complete(),
            },
            Payload = payload,
        };
        int length = packet.WriteTo(buffer);

        RtpHeaderRewriter.SetSsrc(buffer, 8);
        RtpHeaderRewriter.SetSequenceNumber(buffer, (ushort)(sequence + 1));
        if (RtpHeaderRewriter.TryGetExtensionValue(buffer, 3, out Span<byte> transport))
        {
            TransportSequenceNumberExtension.Write(transport, sequence);
        }

        if (!RtpPacket.TryParse(buffer.AsSpan(0, length), out RtpPacket parsed))
        {
            return 0;
        }

        long result = parsed.Header.Ssrc + parsed.PayloadLength;
        foreach (RtpHeaderExtensionElement element in parsed.Header.Extensions)
        {
            result += element.Id;
        }

        return result;
    }
}
