using System.Buffers.Binary;
using System.Text;
using StreamMesh.Rtc.Dtls;
using StreamMesh.Rtc.Tests.Dtls;

namespace StreamMesh.Rtc.Tests.Fuzz;

public sealed class DtlsFuzzTests
{
    [Fact]
    public async Task FingerprintTryParse_MutatedAttributes_NeverThrowsAndRoundTrips()
    {
        string[] values =
        [
            "sha-1 A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D",
            "sha-256 BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD",
            "  SHA-256\tba:78:16:bf:8f:01:cf:ea:41:41:40:de:5d:ae:22:23:b0:03:61:a3:96:17:7a:9c:b4:10:ff:61:f2:00:15:ad \r\n",
        ];

        IReadOnlySet<int> outcomes = await ShortFuzzRun.AssertRobustAsync([.. values.Select(Encoding.Latin1.GetBytes)], input =>
        {
            if (!DtlsFingerprint.TryParse(Encoding.Latin1.GetString(input), out DtlsFingerprint? fingerprint))
            {
                return 0;
            }

            Assert.True(DtlsFingerprint.TryParse(fingerprint.ToString(), out DtlsFingerprint? again));
            Assert.Equal(fingerprint, again);
            return 1;
        }, iterations: 20_000, allocationBound: 64 * 1024);

        Assert.Equal(2, outcomes.Count);
    }

    [Fact]
    public async Task DatagramValidator_MutatedRecords_NeverThrowsNorAllocates()
    {
        byte[] clientHello = Record(22, 0, new byte[60]);
        byte[][] seeds = [clientHello, [.. Record(20, 0, [1]), .. Record(22, 1, new byte[40])], Record(23, 1, new byte[100])];

        IReadOnlySet<int> outcomes = await ShortFuzzRun.AssertRobustAsync(
            seeds, input => DtlsDatagramValidator.IsWellFormed(input) ? 1 : 0, iterations: 20_000, allocationBound: 0);

        Assert.Equal(2, outcomes.Count);
    }

    [Fact]
    public async Task ReceiveDatagram_GarbageDuringHandshake_DropsWithoutThrowing()
    {
        using var transport = new DtlsTransport(
            DtlsTestPeers.Options(DtlsRole.Server, DtlsTestPeers.CertificateA, DtlsTestPeers.CertificateB.Fingerprint) with { ReceiveQueueCapacity = 4096 },
            _ => { });
        Task<DtlsSrtpKeys> handshake = transport.HandshakeAsync();
        byte[][] seeds = [Record(22, 0, new byte[60]), Record(21, 0, [2, 40]), Record(20, 0, [1])];

        await ShortFuzzRun.AssertRobustAsync(seeds, input =>
        {
            transport.ReceiveDatagram(input);
            return 0;
        }, iterations: 5_000);

        Assert.True(transport.MalformedDatagramsDropped > 0);
        transport.Close();
        await Assert.ThrowsAnyAsync<Exception>(() => handshake.WaitAsync(DtlsTestPeers.Guard));
    }

    // type(1) version {254,253}(2) epoch(2) sequence_number(6) length(2) — RFC 6347 §4.1.
    private static byte[] Record(byte type, ushort epoch, byte[] body)
    {
        byte[] record = new byte[13 + body.Length];
        record[0] = type;
        record[1] = 254;
        record[2] = 253;
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(3), epoch);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(11), (ushort)body.Length);
        body.CopyTo(record, 13);
        return record;
    }
}
