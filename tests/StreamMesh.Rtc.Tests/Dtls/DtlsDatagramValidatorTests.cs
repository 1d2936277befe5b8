using StreamMesh.Rtc.Dtls;

namespace StreamMesh.Rtc.Tests.Dtls;

public sealed class DtlsDatagramValidatorTests
{
    // Record header (RFC 6347 §4.1): type | version | epoch | sequence_number(6) | length(2)
    public static TheoryData<string, bool> Datagrams => new()
    {
        // handshake, DTLS 1.0 record version (ClientHello), epoch 0, seq 0, length 3, body
        { "16 FEFF 0000 000000000000 0003 010203", true },
        // application_data, DTLS 1.2, epoch 1, seq 5, empty body
        { "17 FEFD 0001 000000000005 0000", true },
        // change_cipher_spec record followed by a handshake record in the same datagram
        { "14 FEFD 0000 000000000001 0001 01" + "16 FEFD 0001 000000000000 0002 AABB", true },
        // heartbeat (RFC 6520) is a legal content type
        { "18 FEFD 0001 000000000009 0001 00", true },
        // 12 bytes: shorter than one header
        { "16 FEFD 0000 000000000000 00", false },
        // content type 25 (tls12_cid) is not negotiated; 19 is unassigned
        { "19 FEFD 0000 000000000000 0000", false },
        { "13 FEFD 0000 000000000000 0000", false },
        // TLS 1.2 version {3,3} instead of DTLS {254,x}
        { "16 0303 0000 000000000000 0000", false },
        // length says 4, only 3 bytes follow
        { "16 FEFD 0000 000000000000 0004 010203", false },
        // one trailing byte after a complete record
        { "15 FEFD 0001 000000000002 0002 0100 FF", false },
        // second record's header is truncated
        { "14 FEFD 0000 000000000001 0001 01" + "16 FEFD", false },
        // length 18433 exceeds 2^14 + 2048 (RFC 6347 §4.1)
        { "17 FEFD 0001 000000000002 4801", false },
    };

    [Theory]
    [MemberData(nameof(Datagrams))]
    public void IsWellFormed_AnnotatedDatagram_ReturnsExpected(string hex, bool expected)
    {
        byte[] datagram = Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

        Assert.Equal(expected, DtlsDatagramValidator.IsWellFormed(datagram));
    }

    [Fact]
    public void IsWellFormed_MaximalRecord_AcceptedAndOneMoreByteRejected()
    {
        byte[] datagram = new byte[DtlsDatagramValidator.MaxDatagramLength];
        datagram[0] = 23;
        datagram[1] = 0xFE;
        datagram[2] = 0xFD;
        datagram[11] = (byte)(DtlsDatagramValidator.MaxRecordBodyLength >> 8);
        datagram[12] = unchecked((byte)DtlsDatagramValidator.MaxRecordBodyLength);

        Assert.True(DtlsDatagramValidator.IsWellFormed(datagram));
        Assert.False(DtlsDatagramValidator.IsWellFormed(new byte[datagram.Length + 1]));
    }
}
