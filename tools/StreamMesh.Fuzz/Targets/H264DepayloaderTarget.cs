using StreamMesh.Fuzz.Seeds;
using StreamMesh.Media.Payload;
using StreamMesh.Media.Payload.H264;

namespace StreamMesh.Fuzz.Targets;

/// <summary>H.264 RTP depayloading (RFC 6184): single NAL, STAP-A, FU-A, and what the sender should never send.</summary>
public sealed class H264DepayloaderTarget : DepayloaderTarget
{
    private static readonly byte[] Sps = [0x67, 0x42, 0xC0, 0x1F, 0x8C, 0x8D, 0x40];
    private static readonly byte[] Pps = [0x68, 0xCE, 0x3C, 0x80];

    public override string Name => "h264";

    public override string Description => "H264Depayloader.Push (persistent stream state)";

    public override IReadOnlyList<byte[]> CreateSeeds(ulong seed)
    {
        var recorder = new PayloadRecorder();
        var payloader = new H264Payloader(new RtpPayloaderOptions { MaxPayloadSize = 200 });
        payloader.Packetize(AnnexB(Sps, Pps, Nal(5, 900)), recorder);
        payloader.Packetize(AnnexB(Nal(1, 120)), recorder);
        payloader.Packetize(AnnexB(Nal(6, 20), Nal(1, 60), Nal(1, 50)), recorder);
        payloader.Packetize(AnnexB(Nal(1, 700)), recorder);
        return
        [
            .. recorder.Packets,
            Packet([0x18, 0x00, 0x07, .. Sps, 0x00, 0x04, .. Pps], marker: false, nextTimestamp: true), // STAP-A (RFC 6184 §5.7.1)
            Packet([0x7C, 0x85, 0x01, 0x02], marker: false, nextTimestamp: false), // FU-A start (§5.8)
            Packet([0x7C, 0x45, 0x03, 0x04], marker: true, nextTimestamp: false), // FU-A end
            Packet([0x19, 0x00, 0x00, 0x00, 0x02, 0x09, 0x10], marker: true, nextTimestamp: true), // STAP-B: unsupported
            Packet([0x1C], marker: true, nextTimestamp: true), // bare FU indicator
        ];
    }

    protected override IRtpDepayloader CreateDepayloader() => new H264Depayloader(Options);

    private static byte[] Nal(int type, int length)
    {
        byte[] nal = new byte[length];
        nal[0] = (byte)(0x60 | type);
        for (int i = 1; i < length; i++)
        {
            nal[i] = (byte)(1 + (i * 37 % 255));
        }

        return nal;
    }

    private static byte[] AnnexB(params byte[][] nals) => [.. nals.SelectMany(n => new byte[] { 0, 0, 0, 1 }.Concat(n))];
}
