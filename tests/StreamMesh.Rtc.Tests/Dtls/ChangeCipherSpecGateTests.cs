using StreamMesh.Rtc.Dtls;

namespace StreamMesh.Rtc.Tests.Dtls;

public sealed class ChangeCipherSpecGateTests
{
    // Records (RFC 6347 §4.1): type | version | epoch | sequence_number(6) | length(2) | body.
    // Handshake fragment (RFC 6347 §4.2.2): msg_type | length(3) | message_seq(2) | fragment_offset(3) | fragment_length(3).
    private const string ClientKeyExchange = "16 FEFD 0000 000000000006 000F" + "10 000003 0002 000000 000003 AABBCC";
    private const string CertificateVerify = "16 FEFD 0000 000000000007 0010" + "0F 000004 0003 000000 000004 01020304";
    private const string CertificateVerifyFirstHalf = "16 FEFD 0000 000000000007 000E" + "0F 000004 0003 000000 000002 0102";
    private const string CertificateVerifySecondHalf = "16 FEFD 0000 000000000008 000E" + "0F 000004 0003 000002 000002 0304";
    private const string ChangeCipherSpec = "14 FEFD 0000 000000000009 0001 01";
    private const string Finished = "16 FEFD 0001 000000000000 0003 EEEEEE"; // epoch 1: opaque ciphertext

    [Fact]
    public void Filter_ChangeCipherSpecBeforeAnyCertificateVerify_IsRemovedOtherRecordsKept()
    {
        var gate = new ChangeCipherSpecGate();
        byte[] datagram = Hex(ClientKeyExchange + ChangeCipherSpec + Finished);

        int length = gate.Filter(datagram);

        Assert.Equal(Hex(ClientKeyExchange + Finished), datagram[..length]);
        Assert.False(gate.CertificateVerifyComplete);
    }

    [Fact]
    public void Filter_CertificateVerifyThenChangeCipherSpecInOneDatagram_KeepsEverything()
    {
        var gate = new ChangeCipherSpecGate();
        byte[] datagram = Hex(ClientKeyExchange + CertificateVerify + ChangeCipherSpec + Finished);

        int length = gate.Filter(datagram);

        Assert.Equal(datagram.Length, length);
        Assert.True(gate.CertificateVerifyComplete);
    }

    [Fact]
    public void Filter_FragmentedCertificateVerify_OpensOnlyOnceBothHalvesArrived()
    {
        var gate = new ChangeCipherSpecGate();
        byte[] first = Hex(CertificateVerifySecondHalf + ChangeCipherSpec);
        byte[] second = Hex(CertificateVerifySecondHalf + CertificateVerifyFirstHalf + ChangeCipherSpec);

        int firstLength = gate.Filter(first);
        int secondLength = gate.Filter(second);

        Assert.Equal(Hex(CertificateVerifySecondHalf), first[..firstLength]);
        Assert.Equal(second.Length, secondLength);
    }

    [Fact]
    public void Filter_EpochOneChangeCipherSpecOrTruncatedFragment_LeftAlone()
    {
        var gate = new ChangeCipherSpecGate();
        byte[] epochOneCcs = Hex("14 FEFD 0001 000000000001 0001 01");
        byte[] truncated = Hex("16 FEFD 0000 000000000007 000E" + "0F 000004 0003 000000 000009 0102" + ChangeCipherSpec);

        Assert.Equal(epochOneCcs.Length, gate.Filter(epochOneCcs));
        Assert.Equal(truncated.Length - Hex(ChangeCipherSpec).Length, gate.Filter(truncated));
        Assert.False(gate.CertificateVerifyComplete);
    }

    private static byte[] Hex(string text) => Convert.FromHexString(text.Replace(" ", string.Empty, StringComparison.Ordinal));
}
