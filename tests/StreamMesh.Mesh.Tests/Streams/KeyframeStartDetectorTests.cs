using StreamMesh.Mesh.Streams;

namespace StreamMesh.Mesh.Tests.Streams;

public sealed class KeyframeStartDetectorTests
{
    // RFC 6184 §5.7.1 STAP-A: header 0x78 (F=0, NRI=3, type 24), then 16-bit size + NAL unit, repeated.
    private static readonly byte[] StapASpsPps =
    [
        0x78,
        0x00, 0x04, 0x67, 0x42, 0xC0, 0x1F, // SPS (type 7), 4 bytes
        0x00, 0x02, 0x68, 0xCE,             // PPS (type 8), 2 bytes
    ];

    // RFC 6184 §5.8 FU-A: indicator 0x7C (NRI=3, type 28), FU header S=1 E=0 type 5 (IDR) = 0x85.
    private static readonly byte[] FuAIdrStart = [0x7C, 0x85, 0x88, 0x84, 0x00];

    // FU-A continuation of the IDR: S=0 → 0x05.
    private static readonly byte[] FuAIdrMiddle = [0x7C, 0x05, 0x11, 0x22];

    // FU-A start of a non-IDR slice (type 1): 0x81.
    private static readonly byte[] FuAPSliceStart = [0x7C, 0x81, 0x9A, 0x00];

    // Single NAL unit, IDR slice: 0x65 (NRI=3, type 5).
    private static readonly byte[] SingleIdr = [0x65, 0x88, 0x84];

    // Single NAL unit, non-IDR slice: 0x41 (NRI=2, type 1).
    private static readonly byte[] SingleP = [0x41, 0x9A, 0x00];

    [Fact]
    public void IsH264Keyframe_StapAWithSps_True() => Assert.True(KeyframeStartDetector.IsH264Keyframe(StapASpsPps));

    [Fact]
    public void IsH264Keyframe_FuAStartOfIdr_True() => Assert.True(KeyframeStartDetector.IsH264Keyframe(FuAIdrStart));

    [Fact]
    public void IsH264Keyframe_FuAContinuationOrPSlice_False()
    {
        Assert.False(KeyframeStartDetector.IsH264Keyframe(FuAIdrMiddle));
        Assert.False(KeyframeStartDetector.IsH264Keyframe(FuAPSliceStart));
        Assert.False(KeyframeStartDetector.IsH264Keyframe(SingleP));
    }

    [Fact]
    public void IsH264Keyframe_SingleIdr_True() => Assert.True(KeyframeStartDetector.IsH264Keyframe(SingleIdr));

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x7C })]                   // FU-A without its FU header
    [InlineData(new byte[] { 0x78, 0x00 })]             // STAP-A cut inside the size field
    [InlineData(new byte[] { 0x78, 0xFF, 0xFF, 0x41 })] // STAP-A whose size runs past the end, non-IDR inside
    public void IsH264Keyframe_TruncatedOrMalformed_FalseWithoutThrowing(byte[] payload)
        => Assert.False(KeyframeStartDetector.IsH264Keyframe(payload));

    [Fact]
    public void IsKeyframeStart_SpsThenIdrFragmentsOfOneAccessUnit_FlagsOnlyTheFirstPacket()
    {
        var detector = new KeyframeStartDetector("H264");

        Assert.True(detector.IsKeyframeStart(StapASpsPps, 9000));
        Assert.False(detector.IsKeyframeStart(FuAIdrStart, 9000));
        Assert.False(detector.IsKeyframeStart(FuAIdrMiddle, 9000));
        Assert.False(detector.IsKeyframeStart(SingleP, 12000));
        Assert.True(detector.IsKeyframeStart(StapASpsPps, 90000));
    }

    [Fact]
    public void IsVp8Keyframe_StartOfKeyFrame_True()
    {
        // RFC 7741 §4.2 descriptor 0x90: X=1, S=1, PID=0; extension 0x80: I=1; PictureID 0x12 (7 bits);
        // then the VP8 payload header with P=0 (key frame, RFC 6386 §9.1 frame tag bit 0).
        byte[] payload = [0x90, 0x80, 0x12, 0x50, 0x2A, 0x00, 0x9D, 0x01, 0x2A];
        Assert.True(KeyframeStartDetector.IsVp8Keyframe(payload));
    }

    [Fact]
    public void IsVp8Keyframe_InterFrameOrContinuation_False()
    {
        byte[] interFrame = [0x90, 0x80, 0x12, 0x51, 0x2A, 0x00];   // P=1
        byte[] continuation = [0x80, 0x80, 0x12, 0x50, 0x2A, 0x00]; // S=0
        Assert.False(KeyframeStartDetector.IsVp8Keyframe(interFrame));
        Assert.False(KeyframeStartDetector.IsVp8Keyframe(continuation));
        Assert.False(KeyframeStartDetector.IsVp8Keyframe([0x90, 0x80])); // descriptor cut short
        Assert.False(KeyframeStartDetector.IsVp8Keyframe([0x10]));       // descriptor with nothing after it
    }

    [Fact]
    public void Constructor_UnknownCodec_Throws() => Assert.Throws<ArgumentException>(() => new KeyframeStartDetector("AV1"));
}
