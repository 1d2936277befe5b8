namespace StreamMesh.Media.Sources;

/// <summary>Why a media source could not start or stopped working.</summary>
public enum MediaSourceError
{
    /// <summary>ffmpeg or ffprobe is not in the configured binary folder.</summary>
    BinaryMissing,

    /// <summary>The file named by the source URI does not exist.</summary>
    FileNotFound,

    /// <summary>ffprobe or ffmpeg could not open or decode the input.</summary>
    CannotOpenInput,

    /// <summary>The input has no (non-cover-art) video stream.</summary>
    NoVideoStream,

    /// <summary>The URI names an input kind no builder handles.</summary>
    UnsupportedInput,

    /// <summary>The input's video codec has no decoder in this ffmpeg.</summary>
    UnsupportedCodec,

    /// <summary>ffmpeg exited with an error while running.</summary>
    ProcessFailed,

    /// <summary>ffmpeg's output could not be parsed (never expected from a healthy ffmpeg).</summary>
    CorruptOutput,
}
