using StreamMesh.Mesh.Viewer;

namespace StreamMesh.Mesh.Tests.Viewer;

public sealed class IvfFormatTests
{
    [Fact]
    public void WriteFileHeader_H264_DkifSignatureFourccAnd90kTimeBase()
    {
        var header = new byte[IvfFormat.FileHeaderLength];
        IvfFormat.WriteFileHeader(header, "H264", 1280, 720);

        Assert.Equal(Convert.FromHexString(
            "444B4946" + // "DKIF"
            "0000" + "2000" + // version 0, header length 32 (LE)
            "48323634" + // "H264"
            "0005" + "D002" + // 1280 x 720 (LE)
            "905F0100" + "01000000" + // rate 90000, scale 1 (LE)
            "0000000000000000"), header);
    }

    [Fact]
    public void WriteFrameHeader_SizeAndTimestampLittleEndian()
    {
        var header = new byte[IvfFormat.FrameHeaderLength];
        IvfFormat.WriteFrameHeader(header, 0x0102, 0x0000_0001_0000_0003);

        Assert.Equal(Convert.FromHexString("02010000" + "0300000001000000"), header);
    }

    [Fact]
    public void TryReadVp8Size_Keyframe_ReadsWidthAndHeight()
    {
        // RFC 6386 §9.1: 3-byte frame tag (bit 0 clear = keyframe), start code 9d 01 2a, 14-bit sizes.
        byte[] frame = [0x50, 0x2A, 0x00, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0xE0, 0x01];

        Assert.True(IvfFormat.TryReadVp8Size(frame, out var width, out var height));
        Assert.Equal(640, width);
        Assert.Equal(480, height);
    }

    [Fact]
    public void TryReadVp8Size_Interframe_False()
    {
        byte[] frame = [0x51, 0x2A, 0x00, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0xE0, 0x01];

        Assert.False(IvfFormat.TryReadVp8Size(frame, out _, out _));
    }
}
