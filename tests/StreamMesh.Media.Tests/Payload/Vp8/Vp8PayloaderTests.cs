using StreamMesh.Media.Payload;
using StreamMesh.Media.Payload.Vp8;

namespace StreamMesh.Media.Tests.Payload.Vp8;

public sealed class Vp8PayloaderTests
{
    private static byte[] Frame(int length, bool keyframe, int seed = 1)
    {
        var frame = new byte[length];
        new Random(seed).NextBytes(frame);
        frame[0] = (byte)((frame[0] & 0xFE) | (keyframe ? 0 : 1));
        return frame;
    }

    [Fact]
    public void Packetize_SmallFrame_WritesFourByteDescriptorWithLongPictureId()
    {
        var payloader = new Vp8Payloader(initialPictureId: 4711);
        var sink = new RecordingPayloadSink();
        byte[] frame = Frame(100, keyframe: true);

        Assert.Equal(1, payloader.Packetize(frame, sink));

        RecordedPayload payload = Assert.Single(sink.Payloads);
        Assert.Equal(Hex.Parse("""
            90      # X=1 S=1 PID=0
            80      # I=1
            92 67   # M=1 PictureID=4711
            """), payload.Bytes[..4]);
        Assert.Equal(frame, payload.Bytes[4..]);
        Assert.True(payload.Marker);
    }

    [Fact]
    public void Packetize_LargeFrame_SetsStartBitOnlyOnFirstAndMarkerOnlyOnLast()
    {
        var payloader = new Vp8Payloader(initialPictureId: 1);
        var sink = new RecordingPayloadSink();
        byte[] frame = Frame(5_000, keyframe: false);

        int packets = payloader.Packetize(frame, sink);

        Assert.Equal(5, packets); // ceil(5,000 / 1,184)
        Assert.All(sink.Payloads, p => Assert.InRange(p.Bytes.Length, 5, RtpPayloaderOptions.DefaultMaxPayloadSize));
        Assert.Equal(0x90, sink.Payloads[0].Bytes[0]);
        Assert.All(sink.Payloads.Skip(1), p => Assert.Equal(0x80, p.Bytes[0]));
        Assert.All(sink.Payloads, p => Assert.Equal(Hex.Parse("80 80 01"), p.Bytes[1..4]));
        Assert.Equal([false, false, false, false, true], sink.Payloads.Select(p => p.Marker));
        Assert.Equal(frame, sink.Payloads.SelectMany(p => p.Bytes[4..]).ToArray());
    }

    [Fact]
    public void Packetize_FrameExactlyFillingOnePayload_SendsOnePacket()
    {
        var sink = new RecordingPayloadSink();

        new Vp8Payloader(initialPictureId: 0).Packetize(Frame(RtpPayloaderOptions.DefaultMaxPayloadSize - 4, true), sink);

        Assert.Equal(RtpPayloaderOptions.DefaultMaxPayloadSize, Assert.Single(sink.Payloads).Bytes.Length);
    }

    [Fact]
    public void Packetize_SuccessiveFrames_IncrementPictureIdWithFifteenBitWrap()
    {
        var payloader = new Vp8Payloader(initialPictureId: 0x7FFE);
        var sink = new RecordingPayloadSink();

        for (int i = 0; i < 3; i++)
        {
            payloader.Packetize(Frame(10, false), sink);
        }

        int[] ids = [.. sink.Payloads.Select(p => ((p.Bytes[2] & 0x7F) << 8) | p.Bytes[3])];
        Assert.Equal([0x7FFE, 0x7FFF, 0], ids);
        Assert.Equal(1, payloader.NextPictureId);
    }

    [Fact]
    public void Packetize_EmptyFrame_SendsNothingAndKeepsPictureId()
    {
        var payloader = new Vp8Payloader(initialPictureId: 5);

        Assert.Equal(0, payloader.Packetize([], new RecordingPayloadSink()));
        Assert.Equal(5, payloader.NextPictureId);
    }

    [Fact]
    public void Constructor_PictureIdOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Vp8Payloader(initialPictureId: 0x8000));
    }
}
