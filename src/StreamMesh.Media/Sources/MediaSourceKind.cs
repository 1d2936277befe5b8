namespace StreamMesh.Media.Sources;

/// <summary>What kind of input a source URI names. Only <see cref="TestPattern"/> and <see cref="File"/> have builders today.</summary>
public enum MediaSourceKind
{
    /// <summary>"testsrc": a generated moving pattern with a running clock and a 1 kHz tone.</summary>
    TestPattern,

    /// <summary>A local file path or a file:// URI.</summary>
    File,

    /// <summary>rtmp:// or rtmps:// (not built yet).</summary>
    Rtmp,

    /// <summary>rtsp:// or rtsps:// (not built yet).</summary>
    Rtsp,

    /// <summary>srt:// (not built yet).</summary>
    Srt,

    /// <summary>http:// or https:// — HLS, MP4 or MPEG-TS (not built yet).</summary>
    Http,
}
