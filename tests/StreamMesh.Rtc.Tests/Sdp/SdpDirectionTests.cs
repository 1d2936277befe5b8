using StreamMesh.Rtc.Sdp;

namespace StreamMesh.Rtc.Tests.Sdp;

public class SdpDirectionTests
{
    [Theory]
    [InlineData(SdpDirection.SendRecv, SdpDirection.SendRecv)]
    [InlineData(SdpDirection.SendOnly, SdpDirection.RecvOnly)]
    [InlineData(SdpDirection.RecvOnly, SdpDirection.SendOnly)]
    [InlineData(SdpDirection.Inactive, SdpDirection.Inactive)]
    public void Reverse_SwapsSendAndReceive(SdpDirection direction, SdpDirection expected) =>
        Assert.Equal(expected, direction.Reverse());

    // RFC 3264 §6.1: the answer direction is the local wish intersected with the reversed offer.
    [Theory]
    [InlineData(SdpDirection.RecvOnly, SdpDirection.SendOnly, SdpDirection.SendOnly)]
    [InlineData(SdpDirection.RecvOnly, SdpDirection.SendRecv, SdpDirection.SendOnly)]
    [InlineData(SdpDirection.RecvOnly, SdpDirection.RecvOnly, SdpDirection.Inactive)]
    [InlineData(SdpDirection.SendOnly, SdpDirection.SendRecv, SdpDirection.RecvOnly)]
    [InlineData(SdpDirection.SendRecv, SdpDirection.SendRecv, SdpDirection.SendRecv)]
    [InlineData(SdpDirection.Inactive, SdpDirection.SendRecv, SdpDirection.Inactive)]
    public void Intersect_ReversedOfferWithLocal_GivesAnswerDirection(SdpDirection offered, SdpDirection local, SdpDirection expected) =>
        Assert.Equal(expected, local.Intersect(offered.Reverse()));

    [Theory]
    [InlineData("sendrecv", SdpDirection.SendRecv)]
    [InlineData("inactive", SdpDirection.Inactive)]
    public void AttributeName_RoundTrips(string name, SdpDirection direction)
    {
        Assert.True(SdpDirectionExtensions.TryParseAttributeName(name, out SdpDirection parsed));
        Assert.Equal(direction, parsed);
        Assert.Equal(name, direction.ToAttributeName());
        Assert.False(SdpDirectionExtensions.TryParseAttributeName("SENDRECV", out _));
    }
}
