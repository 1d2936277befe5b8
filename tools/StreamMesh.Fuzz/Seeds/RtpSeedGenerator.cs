using FsCheck;
using FsCheck.Fluent;
using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Rtp;

namespace StreamMesh.Fuzz.Seeds;

/// <summary>
/// RTP seeds written by <see cref="RtpPacket.WriteTo"/>: browser-shaped packets (one-byte extensions
/// carrying mid, abs-send-time, transport-cc, abs-capture-time), and FsCheck-generated packets with
/// random CSRC lists, one- or two-byte extension blocks, payloads and padding (RFC 3550 §5.1, RFC 8285).
/// </summary>
public static class RtpSeedGenerator
{
    public const byte MidId = 1;
    public const byte AbsSendTimeId = 2;
    public const byte TransportSequenceId = 3;
    public const byte AbsCaptureTimeId = 4;

    public static IReadOnlyList<byte[]> Create(ulong seed, int generated)
    {
        var seeds = new List<byte[]>
        {
            Browser(payloadType: 96, payload: [0x7C, 0x85, 0x88, 0x84, 0x00, 0x01], marker: false),
            Browser(payloadType: 111, payload: [0xFC, 0xFF, 0xFE], marker: true),
            Write(new RtpHeader { PayloadType = 0, SequenceNumber = 1, Timestamp = 160, Ssrc = 0x11223344 }, [1, 2, 3, 4], 0),
            Write(new RtpHeader { PayloadType = 97, SequenceNumber = 65535, Timestamp = uint.MaxValue, Ssrc = 1, Marker = true }, [], 4),
        };

        Gen<byte[]> packets =
            from pt in Gen.Choose(0, 127)
            from seq in Gen.Choose(0, 0xFFFF)
            from ts in Gen.Choose(int.MinValue, int.MaxValue)
            from ssrc in Gen.Choose(int.MinValue, int.MaxValue)
            from marker in Gen.Elements(true, false)
            from csrcs in Gen.Choose(0, 15)
            from form in Gen.Elements(RtpHeaderExtensionForm.Unknown, RtpHeaderExtensionForm.OneByte, RtpHeaderExtensionForm.TwoByte)
            from elements in Gen.ArrayOf(Gen.Zip(Gen.Choose(1, 14), Gen.Choose(1, 16)), 4)
            from payloadLength in Gen.Frequency((3, Gen.Choose(0, 32)), (1, Gen.Choose(0, 1200)))
            from padding in Gen.Frequency((4, Gen.Constant(0)), (1, Gen.Choose(1, 255)))
            select Build(pt, seq, ts, ssrc, marker, csrcs, form, elements, payloadLength, padding);
        seeds.AddRange(Gen.Sample(packets, 20, new Rnd(seed), generated));
        return seeds;
    }

    /// <summary>A packet shaped like Chromium's: mid, abs-send-time, transport-cc and abs-capture-time in one-byte form.</summary>
    public static byte[] Browser(byte payloadType, byte[] payload, bool marker, uint ssrc = 0xCAFEBABE, ushort sequenceNumber = 4321)
    {
        Span<byte> extensionBuffer = stackalloc byte[64];
        var extensions = new RtpHeaderExtensionWriter(extensionBuffer, RtpHeaderExtensionForm.OneByte);
        SdesMidExtension.TryAdd(ref extensions, MidId, "0");
        AbsSendTimeExtension.TryAdd(ref extensions, AbsSendTimeId, 0x123456);
        TransportSequenceNumberExtension.TryAdd(ref extensions, TransportSequenceId, 77);
        AbsCaptureTimeExtension.TryAdd(ref extensions, AbsCaptureTimeId, new NtpTimestamp(0x0102030405060708), 42);
        var header = new RtpHeader
        {
            PayloadType = payloadType,
            SequenceNumber = sequenceNumber,
            Timestamp = 90_000,
            Ssrc = ssrc,
            Marker = marker,
            ExtensionProfile = extensions.Profile,
            ExtensionData = extensions.Complete(),
        };
        return Write(header, payload, 0);
    }

    private static byte[] Build(int pt, int seq, int ts, int ssrc, bool marker, int csrcCount, RtpHeaderExtensionForm form, (int Id, int Length)[] elements, int payloadLength, int padding)
    {
        byte[] csrcs = new byte[csrcCount * 4];
        new Random(seq).NextBytes(csrcs);
        byte[] payload = new byte[payloadLength];
        new Random(ts).NextBytes(payload);
        var header = new RtpHeader
        {
            PayloadType = (byte)pt,
            SequenceNumber = (ushort)seq,
            Timestamp = unchecked((uint)ts),
            Ssrc = unchecked((uint)ssrc),
            Marker = marker,
            CsrcData = csrcs,
        };
        if (form == RtpHeaderExtensionForm.Unknown)
        {
            return Write(header, payload, padding);
        }

        byte[] extensionBuffer = new byte[256];
        var extensions = new RtpHeaderExtensionWriter(extensionBuffer, form);
        foreach ((int id, int length) in elements)
        {
            byte[] value = new byte[length];
            value.AsSpan().Fill((byte)id);
            extensions.TryAdd((byte)id, value);
        }

        return Write(header with { ExtensionProfile = extensions.Profile, ExtensionData = extensions.Complete() }, payload, padding);
    }

    private static byte[] Write(RtpHeader header, ReadOnlySpan<byte> payload, int padding)
    {
        var packet = new RtpPacket { Header = header, Payload = payload, PaddingLength = (byte)padding };
        byte[] bytes = new byte[packet.Length];
        packet.WriteTo(bytes);
        return bytes;
    }
}
