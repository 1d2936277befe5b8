namespace StreamMesh.Mesh.Viewer;

/// <summary>What was recorded: the file actually written and its content, or why it failed.</summary>
public sealed record RecordingReport(string Path, RecordingContainer Container, long VideoFrames, double AudioSeconds, long SilenceSamplesInserted, string? Error);
