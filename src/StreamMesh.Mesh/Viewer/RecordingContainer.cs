namespace StreamMesh.Mesh.Viewer;

/// <summary>The file format a recording is written in, chosen from the path and the received video codec.</summary>
public enum RecordingContainer
{
    /// <summary>MP4 (H.264 video as received, AAC audio).</summary>
    Mp4,

    /// <summary>WebM (VP8 video as received, Opus audio).</summary>
    WebM,

    /// <summary>Matroska (either codec as received, Opus audio).</summary>
    Matroska,
}
