using StreamMesh.Media.Payload.Vp8;

namespace StreamMesh.Media.Tests.Payload.Vp8;

public sealed class Vp8PayloadDescriptorTests
{
    [Fact]
    public void TryParse_KeyFrameInSinglePacketExample_ReadsAllExtensionFields()
    {
        // RFC 7741 §4.6.1 (key frame in a single RTP packet): X, S, I, L and T set.
        byte[] payload = Hex.Parse("""
            90      # X=1 R=0 N=0 S=1 R=0 PID=0
            E0      # I=1 L=1 T=1 K=0
            11      # M=0, PictureID=17
            01      # TL0PICIDX=1
            20      # TID=0 Y=1 KEYIDX=0 (ignored: K=0)
            10 02 00 9D 01 2A   # VP8 payload header of a key frame (P=0), start code
            """);

        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor d));

        Assert.Equal(5, d.Size);
        Assert.True(d.IsStartOfPartition);
        Assert.True(d.IsStartOfFrame);
        Assert.Equal(0, d.PartitionIndex);
        Assert.False(d.IsNonReference);
        Assert.Equal(17, d.PictureId);
        Assert.False(d.HasLongPictureId);
        Assert.Equal(1, d.Tl0PicIndex);
        Assert.Equal(0, d.TemporalLayerId);
        Assert.True(d.IsLayerSync);
        Assert.Equal(-1, d.KeyIndex);
        Assert.True(Vp8Frame.IsKeyframe(payload.AsSpan(d.Size)));
    }

    [Fact]
    public void TryParse_InterframeWithoutExtensionExample_IsOneByte()
    {
        // RFC 7741 §4.6.2 (non-discardable interframe, no PictureID): only the required octet.
        byte[] payload = Hex.Parse("""
            10      # X=0 N=0 S=1 PID=0
            31 AA   # VP8 payload header with P=1 (interframe)
            """);

        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor d));

        Assert.Equal(1, d.Size);
        Assert.True(d.IsStartOfFrame);
        Assert.Equal(-1, d.PictureId);
        Assert.Equal(-1, d.Tl0PicIndex);
        Assert.Equal(-1, d.TemporalLayerId);
        Assert.False(Vp8Frame.IsKeyframe(payload.AsSpan(d.Size)));
    }

    [Fact]
    public void TryParse_SecondPartitionExample_StartsPartitionButNotFrame()
    {
        // RFC 7741 §4.6.3 (partitions in separate packets): the packet starting partition 1.
        byte[] payload = Hex.Parse("""
            91      # X=1 S=1 PID=1
            80      # I=1
            11      # PictureID=17
            AB CD   # partition 1 octets
            """);

        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor d));

        Assert.Equal(3, d.Size);
        Assert.True(d.IsStartOfPartition);
        Assert.Equal(1, d.PartitionIndex);
        Assert.False(d.IsStartOfFrame);
    }

    [Fact]
    public void TryParse_LongPictureIdExample_ReadsFifteenBits()
    {
        // RFC 7741 §4.6.4/§4.6.5: PictureID 4711 = 0b001001001100111 with M=1 → 92 67.
        byte[] payload = Hex.Parse("""
            80      # X=1 S=0 PID=0: a continuation packet of the frame
            80      # I=1
            92 67   # M=1, PictureID=4711
            55      # VP8 data
            """);

        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor d));

        Assert.Equal(4, d.Size);
        Assert.Equal(4711, d.PictureId);
        Assert.True(d.HasLongPictureId);
        Assert.False(d.IsStartOfPartition);
        Assert.False(d.IsStartOfFrame);
    }

    [Fact]
    public void TryParse_AllOptionalFields_ReadsKeyIndexAndNonReference()
    {
        byte[] payload = Hex.Parse("""
            B0      # X=1 N=1 S=1 PID=0
            F0      # I=1 L=1 T=1 K=1
            FF FF   # M=1, PictureID=32767
            07      # TL0PICIDX=7
            DF      # TID=3 Y=0 KEYIDX=31
            00
            """);

        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor d));

        Assert.Equal(6, d.Size);
        Assert.True(d.IsNonReference);
        Assert.Equal(32767, d.PictureId);
        Assert.Equal(7, d.Tl0PicIndex);
        Assert.Equal(3, d.TemporalLayerId);
        Assert.False(d.IsLayerSync);
        Assert.Equal(31, d.KeyIndex);
    }

    [Theory]
    [InlineData("")]
    [InlineData("80")]          // X=1 without the extension octet
    [InlineData("80 80")]       // I=1 without PictureID
    [InlineData("80 80 80")]    // M=1 with only one PictureID octet
    [InlineData("80 40")]       // L=1 without TL0PICIDX
    [InlineData("80 20")]       // T=1 without TID octet
    [InlineData("80 10")]       // K=1 without KEYIDX octet
    [InlineData("80 F0 FF FF 07")]
    public void TryParse_TruncatedDescriptor_ReturnsFalse(string hex)
    {
        Assert.False(Vp8PayloadDescriptor.TryParse(Hex.Parse(hex), out _));
    }
}
