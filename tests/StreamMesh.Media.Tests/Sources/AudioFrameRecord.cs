namespace StreamMesh.Media.Tests.Sources;

/// <summary>What the tests keep of an audio frame after disposing it: its interleaved stereo samples.</summary>
internal sealed record AudioFrameRecord(long Index, long Timestamp, DateTimeOffset CaptureTime, short[] Samples);
