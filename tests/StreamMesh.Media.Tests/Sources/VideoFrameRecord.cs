namespace StreamMesh.Media.Tests.Sources;

/// <summary>What the tests keep of a video frame after disposing it.</summary>
internal sealed record VideoFrameRecord(long Index, long Timestamp, bool IsKeyframe, DateTimeOffset CaptureTime, byte[] Data);
