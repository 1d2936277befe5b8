using StreamMesh.Fuzz.Seeds;
using StreamMesh.Media.Payload;
using StreamMesh.Media.Payload.Vp8;

namespace StreamMesh.Fuzz.Targets;

/// <summary>VP8 RTP depayloading (RFC 7741 §4): payload descriptor, partitions, keyframe detection.</summary>
public sealed class Vp8DepayloaderTarget : DepayloaderTarget
{
    public override string Name => "vp8";

    public override string Description => "Vp8Depayloader.Push, Vp8PayloadDescriptor.TryParse";

    public override IReadOnlyList<byte[]> CreateSeeds(ulong seed)
    {
        var recorder = new PayloadRecorder();
        var payloader = new Vp8Payloader(new RtpPayloaderOptions { MaxPayloadSize = 200 }, initialPictureId: 32760);
        payloader.Packetize(Frame(keyframe: true, 700), recorder);
        payloader.Packetize(Frame(keyframe: false, 90), recorder);
        payloader.Packetize(Frame(keyframe: false, 450), recorder);
        return
        [
            .. recorder.Packets,
            Packet([0x90, 0xE0, 0x80, 0x01, 0x1F, 0xF0, 0x00, 0x9D, 0x01, 0x2A, 0x40, 0x01, 0xF0, 0x00], marker: true, nextTimestamp: true), // X, I(M), L, T/K (RFC 7741 §4.2)
            Packet([0x10, 0x10], marker: true, nextTimestamp: true),
            Packet([0x80], marker: false, nextTimestamp: true),
        ];
    }

    protected override IRtpDepayloader CreateDepayloader() => new Vp8Depayloader(Options);

    protected override int Inspect(ReadOnlySpan<byte> payload)
    {
        if (!Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor))
        {
            return 0;
        }

        // The depayloader slices payload[descriptor.Size..]; the descriptor can never claim more than it read.
        if (descriptor.Size < 1 || descriptor.Size > payload.Length || descriptor.PictureId > 0x7FFF)
        {
            throw new InvalidOperationException($"Impossible descriptor {descriptor} for a {payload.Length}-byte payload.");
        }

        return 1 + (descriptor.IsStartOfFrame ? 2 : 0);
    }

    // A VP8 frame tag (RFC 6386 §9.1): bit 0 clear marks a keyframe, whose start code is 9D 01 2A.
    private static byte[] Frame(bool keyframe, int length)
    {
        byte[] frame = new byte[length];
        for (int i = 0; i < length; i++)
        {
            frame[i] = (byte)(i * 13);
        }

        frame[0] = keyframe ? (byte)0x10 : (byte)0x11;
        if (keyframe)
        {
            frame[3] = 0x9D;
            frame[4] = 0x01;
            frame[5] = 0x2A;
        }

        return frame;
    }
}
