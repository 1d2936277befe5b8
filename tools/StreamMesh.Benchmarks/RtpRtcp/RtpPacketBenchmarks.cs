using BenchmarkDotNet.Attributes;
using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Rtp;

namespace StreamMesh.Benchmarks.RtpRtcp;

/// <summary>RTP parse and serialize with the extensions Chrome negotiates, and the per-child in-place rewrite.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class RtpPacketBenchmarks
{
    private const byte MidId = 1;
    private const byte AbsSendTimeId = 2;
    private const byte TransportSequenceId = 3;

    private readonly byte[] _payload = new byte[1100];
    private readonly byte[] _packet = new byte[1500];
    private readonly byte[] _output = new byte[1500];
    private int _packetLength;
    private ushort _sequence;

    [GlobalSetup]
    public void Setup()
    {
        new Random(42).NextBytes(_payload);
        _packetLength = Serialize();
        _output.AsSpan(0, _packetLength).CopyTo(_packet);
    }

    [Benchmark]
    public int ParseWithExtensions()
    {
        if (!RtpPacket.TryParse(_packet.AsSpan(0, _packetLength), out RtpPacket packet))
        {
            return -1;
        }

        int result = packet.Header.SequenceNumber + packet.PayloadLength;
        if (packet.Header.TryGetExtension(TransportSequenceId, out ReadOnlySpan<byte> transport)
            && TransportSequenceNumberExtension.TryRead(transport, out ushort transportSequence))
        {
            result += transportSequence;
        }

        if (packet.Header.TryGetExtension(MidId, out ReadOnlySpan<byte> mid) && SdesMidExtension.Matches(mid, "0"u8))
        {
            result++;
        }

        return result;
    }

    [Benchmark]
    public int SerializeWithExtensions() => Serialize();

    [Benchmark]
    public int RewriteForChild()
    {
        Span<byte> packet = _packet.AsSpan(0, _packetLength);
        ushort sequence = _sequence++;
        RtpHeaderRewriter.SetSsrc(packet, 0x0BADCAFE);
        RtpHeaderRewriter.SetSequenceNumber(packet, sequence);
        RtpHeaderRewriter.SetTimestamp(packet, 90_000u + sequence);
        RtpHeaderRewriter.SetPayloadType(packet, 102);
        if (RtpHeaderRewriter.TryGetExtensionValue(packet, TransportSequenceId, out Span<byte> value))
        {
            TransportSequenceNumberExtension.Write(value, sequence);
        }

        return packet[3];
    }

    private int Serialize()
    {
        Span<byte> extensionBuffer = stackalloc byte[32];
        var extensions = new RtpHeaderExtensionWriter(extensionBuffer, RtpHeaderExtensionForm.OneByte);
        SdesMidExtension.TryAdd(ref extensions, MidId, "0");
        AbsSendTimeExtension.TryAdd(ref extensions, AbsSendTimeId, 0x12_3456);
        TransportSequenceNumberExtension.TryAdd(ref extensions, TransportSequenceId, _sequence);

        var packet = new RtpPacket
        {
            Header = new RtpHeader
            {
                Marker = true,
                PayloadType = 96,
                SequenceNumber = _sequence,
                Timestamp = 3_000_000,
                Ssrc = 0x11223344,
                ExtensionProfile = extensions.Profile,
                ExtensionData = extensions.Complete(),
            },
            Payload = _payload,
        };
        return packet.WriteTo(_output);
    }
}
