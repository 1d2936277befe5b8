using StreamMesh.Media.Payload.H264;

namespace StreamMesh.Media.Tests.Payload.H264;

public sealed class H264AccessUnitTests
{
    [Fact]
    public void IsKeyframe_AccessUnitWithIdrSlice_ReturnsTrue()
    {
        byte[] accessUnit = H264TestData.AnnexB(H264TestData.Sps, H264TestData.Pps, H264TestData.Nal(5, 40));

        Assert.True(H264AccessUnit.IsKeyframe(accessUnit));
    }

    [Fact]
    public void IsKeyframe_AccessUnitWithOnlyNonIdrSlices_ReturnsFalse()
    {
        byte[] accessUnit = H264TestData.AnnexB(H264TestData.Nal(9, 2), H264TestData.Nal(6, 10), H264TestData.Nal(1, 40), H264TestData.Nal(1, 40, seed: 2));

        Assert.False(H264AccessUnit.IsKeyframe(accessUnit));
    }

    [Fact]
    public void IsKeyframe_ParameterSetsWithoutIdr_ReturnsFalse()
    {
        Assert.False(H264AccessUnit.IsKeyframe(H264TestData.AnnexB(H264TestData.Sps, H264TestData.Pps)));
    }
}
