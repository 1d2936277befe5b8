using StreamMesh.Rtc.Net;

namespace StreamMesh.Rtc.Tests.Net;

public class DatagramClassifierTests
{
    [Theory]
    [InlineData(0, 0, DatagramKind.Stun)]
    [InlineData(3, 0, DatagramKind.Stun)]
    [InlineData(4, 0, DatagramKind.Unknown)]
    [InlineData(19, 0, DatagramKind.Unknown)]     // ZRTP
    [InlineData(20, 0, DatagramKind.Dtls)]        // change_cipher_spec
    [InlineData(22, 0, DatagramKind.Dtls)]        // handshake
    [InlineData(63, 0, DatagramKind.Dtls)]
    [InlineData(64, 0, DatagramKind.Unknown)]     // TURN channel
    [InlineData(127, 0, DatagramKind.Unknown)]
    [InlineData(128, 96, DatagramKind.Rtp)]
    [InlineData(128, 191, DatagramKind.Rtp)]
    [InlineData(128, 192, DatagramKind.Rtcp)]     // first RTCP packet type of RFC 5761 §4
    [InlineData(129, 200, DatagramKind.Rtcp)]     // SR
    [InlineData(191, 223, DatagramKind.Rtcp)]
    [InlineData(191, 224, DatagramKind.Rtp)]      // PT 96 with the marker bit
    [InlineData(192, 200, DatagramKind.Unknown)]
    [InlineData(255, 0, DatagramKind.Unknown)]
    public void Classify_FirstAndSecondByte_FollowsRfc7983AndRfc5761(int first, int second, DatagramKind expected)
    {
        Assert.Equal(expected, DatagramClassifier.Classify([(byte)first, (byte)second]));
    }

    [Fact]
    public void Classify_EmptyOrSingleRtpByte_DoesNotThrow()
    {
        Assert.Equal(DatagramKind.Unknown, DatagramClassifier.Classify([]));
        Assert.Equal(DatagramKind.Rtp, DatagramClassifier.Classify([0x80]));
    }
}
