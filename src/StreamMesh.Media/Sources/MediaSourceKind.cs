namespace StreamMesh.Media.Sources;

/// <summary>What kind of input a source URI names.</summary>
public enum MediaSourceKind
{
    /// <summary>"testsrc": a generated moving pattern with a running clock and a 1 kHz tone.</summary>
    TestPattern,

    /// <summary>A local file path or a file:// URI.</summary>
    File,

    /// <summary>rtmp:// or rtmps://.</summary>
    Rtmp,

    /// <summary>rtsp:// or rtsps://.</summary>
    Rtsp,

    /// <summary>srt://.</summary>
    Srt,

    /// <summary>http:// or https:// — HLS, MP4 or MPEG-TS.</summary>
    Http,
}
