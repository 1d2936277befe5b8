using StreamMesh.Mesh.Viewer;

namespace StreamMesh.Mesh.Tests.Viewer;

public sealed class MediaRecorderTests
{
    [Theory]
    [InlineData("out.mp4", false, "out.mp4", RecordingContainer.Mp4)]
    [InlineData("out.mp4", true, "out.webm", RecordingContainer.WebM)]
    [InlineData("out.webm", true, "out.webm", RecordingContainer.WebM)]
    [InlineData("out.webm", false, "out.mkv", RecordingContainer.Matroska)]
    [InlineData("out.mkv", true, "out.mkv", RecordingContainer.Matroska)]
    [InlineData("out.mkv", false, "out.mkv", RecordingContainer.Matroska)]
    [InlineData("recording", false, "recording", RecordingContainer.Mp4)]
    public void Choose_PathAndCodec_ContainerThatHoldsTheCodecCleanly(string requested, bool isVp8, string expectedPath, RecordingContainer expected)
    {
        var (path, container) = MediaRecorder.Choose(requested, isVp8);

        Assert.Equal(expectedPath, path);
        Assert.Equal(expected, container);
    }

    [Fact]
    public async Task CompleteAsync_NeverStarted_ReportsInsteadOfHanging()
    {
        await using var recorder = new MediaRecorder(Path.Combine(Path.GetTempPath(), "never.mp4"), isVp8: false);

        Assert.Equal("no video keyframe arrived, so nothing was recorded", await recorder.CompleteAsync(CancellationToken.None));
    }
}
