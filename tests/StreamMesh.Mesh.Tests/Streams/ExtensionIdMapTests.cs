using StreamMesh.Mesh.Streams;

namespace StreamMesh.Mesh.Tests.Streams;

public sealed class ExtensionIdMapTests
{
    // RTP header (RFC 3550 §5.1) with X=1 and a one-byte extension block (RFC 8285 §4.2):
    // id 2 len 3 (abs-send-time), id 3 len 8 (abs-capture-time), one padding byte.
    private static byte[] Packet() => Convert.FromHexString(
        "90" + "66" + "0001" + "00000000" + "11223344" + // V=2 X=1, PT 102, seq 1, ts 0, ssrc
        "BEDE" + "0004" +                                  // one-byte profile, 4 words
        "22" + "AABBCC" +                                 // id 2, L=2 (3 bytes)
        "37" + "0102030405060708" +                       // id 3, L=7 (8 bytes)
        "00" +                                              // padding
        "FFEE");                                            // payload

    [Fact]
    public void Apply_NegotiatedIds_RewritesEachElementIdInPlace()
    {
        var map = new ExtensionIdMap(new Dictionary<byte, byte> { [2] = 5, [3] = 9 }, [5, 9]);
        var packet = Packet();

        map.Apply(packet);

        Assert.Equal(0x52, packet[16]);
        Assert.Equal(0x97, packet[20]);
        Assert.Equal(Packet()[17..20], packet[17..20]);
        Assert.Equal(Packet()[^2..], packet[^2..]);
    }

    [Fact]
    public void Apply_ExtensionThePeerDidNotNegotiate_ParksItOnAnIdThePeerDoesNotUse()
    {
        // The peer negotiated abs-send-time as 3 and uses 2 for something else; our id 3 must move away.
        var map = new ExtensionIdMap(new Dictionary<byte, byte> { [2] = 3 }, [2, 3]);
        var packet = Packet();

        map.Apply(packet);

        Assert.Equal(3, packet[16] >> 4);
        var parked = packet[20] >> 4;
        Assert.NotEqual(2, parked);
        Assert.NotEqual(3, parked);
        Assert.InRange(parked, 1, 14);
    }

    [Fact]
    public void Apply_IdentityMap_LeavesPacketUntouched()
    {
        var map = new ExtensionIdMap(new Dictionary<byte, byte> { [2] = 2, [3] = 3 }, [2, 3]);
        var packet = Packet();

        map.Apply(packet);

        Assert.Equal(Packet(), packet);
    }

    [Theory]
    [InlineData("80")]
    [InlineData("9066000100000000112233")]
    [InlineData("906600010000000011223344BEDE00FF22AABBCC")]
    public void Apply_TruncatedOrLyingPacket_DoesNotThrowOrWritePastTheEnd(string hex)
    {
        var map = new ExtensionIdMap(new Dictionary<byte, byte> { [2] = 5 }, [5]);
        var packet = Convert.FromHexString(hex);

        map.Apply(packet);

        Assert.Equal(Convert.FromHexString(hex), packet);
    }
}
