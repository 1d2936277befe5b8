using System.Text;
using StreamMesh.Fuzz.Engine;
using StreamMesh.Rtc.Dtls;

namespace StreamMesh.Fuzz.Targets;

/// <summary>a=fingerprint values (RFC 8122 §5) from a remote SDP; bytes are read as Latin-1.</summary>
public sealed class DtlsFingerprintTarget : FuzzTarget
{
    private static readonly byte[][] Tokens =
    [
        .. new[] { "sha-1 ", "sha-224 ", "sha-256 ", "sha-384 ", "sha-512 ", "md5 ", "SHA-256\t", ":", "::", "0G", "ff", " \r\n", "a=fingerprint:" }
            .Select(Encoding.ASCII.GetBytes),
    ];

    public override string Name => "dtls-fingerprint";

    public override string Description => "DtlsFingerprint.TryParse, ToString round trip, Matches";

    public override bool IsText => true;

    public override int MaxInputLength => 1024;

    public override IReadOnlyList<byte[]> Dictionary => Tokens;

    public override IReadOnlyList<byte[]> CreateSeeds(ulong seed)
    {
        string[] values =
        [
            "sha-1 A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D",
            "sha-256 BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD",
            "sha-384 CB:00:75:3F:45:A3:5E:8B:B5:A0:3D:69:9A:C6:50:07:27:2C:32:AB:0E:DE:D1:63:1A:8B:60:5A:43:FF:5B:ED:80:86:07:2B:A1:E7:CC:23:58:BA:EC:A1:34:C8:25:A7",
            "sha-512 DD:AF:35:A1:93:61:7A:BA:CC:41:73:49:AE:20:41:31:12:E6:FA:4E:89:A9:7E:A2:0A:9E:EE:E6:4B:55:D3:9A:21:92:99:2A:27:4F:C1:A8:36:BA:3C:23:A3:FE:EB:BD:45:4D:44:23:64:3C:E8:0E:2A:9A:C9:4F:A5:4C:A4:9F",
            "  SHA-256\tba:78:16:bf:8f:01:cf:ea:41:41:40:de:5d:ae:22:23:b0:03:61:a3:96:17:7a:9c:b4:10:ff:61:f2:00:15:ad \r\n",
        ];
        return [.. values.Select(Encoding.Latin1.GetBytes)];
    }

    public override long AllocationBound(int inputLength) => (8 * 1024) + (16L * inputLength);

    public override int Execute(ReadOnlySpan<byte> input)
    {
        if (!DtlsFingerprint.TryParse(Encoding.Latin1.GetString(input), out DtlsFingerprint? fingerprint))
        {
            return 0;
        }

        bool roundTrips = DtlsFingerprint.TryParse(fingerprint.ToString(), out DtlsFingerprint? again) && again == fingerprint;
        return 1 | ((int)fingerprint.Algorithm << 1) | (roundTrips ? 64 : 128) | (fingerprint.Matches("abc"u8) ? 256 : 0);
    }
}
