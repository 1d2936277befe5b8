using StreamMesh.Media.Payload.Opus;

namespace StreamMesh.Media.Tests.Payload.Opus;

public sealed class OpusPacketInspectorTests
{
    [Theory]
    [InlineData(0, OpusMode.Silk, OpusBandwidth.Narrowband, 480)]
    [InlineData(3, OpusMode.Silk, OpusBandwidth.Narrowband, 2_880)]
    [InlineData(5, OpusMode.Silk, OpusBandwidth.Mediumband, 960)]
    [InlineData(10, OpusMode.Silk, OpusBandwidth.Wideband, 1_920)]
    [InlineData(12, OpusMode.Hybrid, OpusBandwidth.SuperWideband, 480)]
    [InlineData(15, OpusMode.Hybrid, OpusBandwidth.Fullband, 960)]
    [InlineData(16, OpusMode.Celt, OpusBandwidth.Narrowband, 120)]
    [InlineData(21, OpusMode.Celt, OpusBandwidth.Wideband, 240)]
    [InlineData(26, OpusMode.Celt, OpusBandwidth.SuperWideband, 480)]
    [InlineData(31, OpusMode.Celt, OpusBandwidth.Fullband, 960)]
    public void TryInspect_TocConfiguration_MapsToRfc6716Table2(int config, OpusMode mode, OpusBandwidth bandwidth, int samples)
    {
        byte[] packet = [(byte)((config << 3) | 0x04), 0xAA, 0xBB];

        Assert.True(OpusPacketInspector.TryInspect(packet, out OpusPacketSummary summary));

        Assert.Equal(config, summary.Configuration);
        Assert.Equal(mode, summary.Mode);
        Assert.Equal(bandwidth, summary.Bandwidth);
        Assert.True(summary.IsStereo);
        Assert.Equal(1, summary.FrameCount);
        Assert.Equal(samples, summary.SamplesPerFrame);
        Assert.Equal(samples, summary.TotalSamples);
    }

    [Fact]
    public void TryInspect_TocOnly_IsAValidEmptyFrame()
    {
        // RFC 6716 §3.2.2: a code 0 packet with no frame data (DTX or a lost frame).
        Assert.True(OpusPacketInspector.TryInspect(Hex.Parse("F8"), out OpusPacketSummary summary));
        Assert.Equal(0, summary.FirstFrameLength);
        Assert.False(summary.IsStereo);
    }

    [Fact]
    public void TryInspect_Code1_TwoEqualFrames()
    {
        byte[] packet = Hex.Parse("""
            79          # config 15 (hybrid FB 20 ms), mono, code 1
            AA BB CC DD # two frames of 2 bytes
            """);

        Assert.True(OpusPacketInspector.TryInspect(packet, out OpusPacketSummary summary));
        Assert.Equal(2, summary.FrameCount);
        Assert.Equal(1_920, summary.TotalSamples);
        Assert.Equal(2, summary.FirstFrameLength);
    }

    [Fact]
    public void TryInspect_Code2_FirstFrameLengthInOneOrTwoBytes()
    {
        Assert.True(OpusPacketInspector.TryInspect(Hex.Parse("7A 03 AABBCC DD"), out OpusPacketSummary shortLength));
        Assert.Equal((2, 3, 2), (shortLength.FirstFrameOffset, shortLength.FirstFrameLength, shortLength.FrameCount));

        // 252 + 4 * 1 = 256 bytes for the first frame (RFC 6716 §3.2.1).
        byte[] longLength = [0x7A, 0xFC, 0x01, .. new byte[256], 0x11];
        Assert.True(OpusPacketInspector.TryInspect(longLength, out OpusPacketSummary summary));
        Assert.Equal((3, 256), (summary.FirstFrameOffset, summary.FirstFrameLength));
    }

    [Fact]
    public void TryInspect_Code3Cbr_WithPadding()
    {
        byte[] packet = Hex.Parse("""
            7B          # config 15, code 3
            42          # v=0 (CBR), p=1, M=2
            02          # 2 bytes of padding
            AA BB CC DD # two frames of 2 bytes
            00 00       # padding
            """);

        Assert.True(OpusPacketInspector.TryInspect(packet, out OpusPacketSummary summary));
        Assert.Equal(2, summary.FrameCount);
        Assert.Equal((3, 2), (summary.FirstFrameOffset, summary.FirstFrameLength));
    }

    [Fact]
    public void TryInspect_Code3Vbr_LastFrameTakesTheRest()
    {
        byte[] packet = Hex.Parse("""
            7B          # config 15, code 3
            83          # v=1 (VBR), p=0, M=3
            01 02       # frame 1: 1 byte, frame 2: 2 bytes
            AA BBCC DDEEFF
            """);

        Assert.True(OpusPacketInspector.TryInspect(packet, out OpusPacketSummary summary));
        Assert.Equal(3, summary.FrameCount);
        Assert.Equal((4, 1), (summary.FirstFrameOffset, summary.FirstFrameLength));
    }

    [Fact]
    public void TryInspect_Code3LongPaddingChain_AddsUp()
    {
        // Padding length 255 means 254 bytes plus another length byte: 254 + 3 = 257.
        byte[] packet = [0xFB, 0x41, 0xFF, 0x03, 0xAA, .. new byte[257]];

        Assert.True(OpusPacketInspector.TryInspect(packet, out OpusPacketSummary summary));
        Assert.Equal(1, summary.FirstFrameLength);
    }

    [Theory]
    [InlineData("", "R1: empty")]
    [InlineData("79 AA BB CC", "R3: code 1 with an odd payload")]
    [InlineData("7A", "R4: code 2 without a length")]
    [InlineData("7A FC", "R4: code 2 truncated two-byte length")]
    [InlineData("7A 05 AA BB", "R4: code 2 first frame beyond the packet")]
    [InlineData("7B", "code 3 without the frame count byte")]
    [InlineData("7B 00", "R5: code 3 with zero frames")]
    [InlineData("7B 07 AA BB CC DD EE FF 11", "R5: 7 × 20 ms exceeds 120 ms")]
    [InlineData("7B 03 AA BB CC DD", "R6: CBR bytes not divisible by the frame count")]
    [InlineData("7B 42 05 AA BB", "code 3 padding beyond the packet")]
    [InlineData("7B 41", "code 3 padding length missing")]
    [InlineData("7B 83 01", "R7: VBR lengths truncated")]
    [InlineData("7B 82 05 AA", "R7: VBR frame beyond the packet")]
    public void TryInspect_InvalidPacket_ReturnsFalse(string hex, string rule)
    {
        Assert.False(OpusPacketInspector.TryInspect(Hex.Parse(hex), out _), rule);
    }

    [Fact]
    public void TryInspect_FrameLongerThan1275Bytes_ReturnsFalse()
    {
        // R2: no frame exceeds 1,275 bytes.
        Assert.True(OpusPacketInspector.TryInspect([0x78, .. new byte[1_275]], out _));
        Assert.False(OpusPacketInspector.TryInspect([0x78, .. new byte[1_276]], out _));
    }

    [Fact]
    public void TryInspect_Code3SixtyMilliseconds_AcceptsUpTo120Milliseconds()
    {
        // config 3 = SILK NB 60 ms: two frames are 120 ms, three are too long.
        Assert.True(OpusPacketInspector.TryInspect(Hex.Parse("1B 02 AA BB"), out OpusPacketSummary summary));
        Assert.Equal(5_760, summary.TotalSamples);
        Assert.False(OpusPacketInspector.TryInspect(Hex.Parse("1B 03 AA BB CC"), out _));
    }
}
