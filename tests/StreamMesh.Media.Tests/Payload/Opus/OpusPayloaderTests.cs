using StreamMesh.Media.Payload;
using StreamMesh.Media.Payload.Opus;

namespace StreamMesh.Media.Tests.Payload.Opus;

public sealed class OpusPayloaderTests
{
    [Fact]
    public void Packetize_ValidPacket_SendsItUnchangedWithoutMarker()
    {
        var payloader = new OpusPayloader();
        var sink = new RecordingPayloadSink();
        byte[] packet = Hex.Parse("FC 11 22 33");

        Assert.Equal(1, payloader.Packetize(packet, sink));

        RecordedPayload payload = Assert.Single(sink.Payloads);
        Assert.Equal(packet, payload.Bytes);
        Assert.False(payload.Marker);
        Assert.Equal(48_000, payloader.ClockRate);
    }

    [Fact]
    public void Packetize_StartOfTalkspurt_SetsMarker()
    {
        var sink = new RecordingPayloadSink();

        new OpusPayloader().Packetize(Hex.Parse("FC 11"), sink, startOfTalkspurt: true);

        Assert.True(Assert.Single(sink.Payloads).Marker);
    }

    [Fact]
    public void Packetize_InvalidOrOversizePacket_IsRejectedAndCounted()
    {
        var payloader = new OpusPayloader(new RtpPayloaderOptions { MaxPayloadSize = 100 });
        var sink = new RecordingPayloadSink();

        Assert.Equal(0, payloader.Packetize([], sink));
        Assert.Equal(0, payloader.Packetize(Hex.Parse("79 AA BB CC"), sink));
        Assert.Equal(0, payloader.Packetize([0xFC, .. new byte[100]], sink));

        Assert.Empty(sink.Payloads);
        Assert.Equal(3, payloader.RejectedPackets);
    }
}
