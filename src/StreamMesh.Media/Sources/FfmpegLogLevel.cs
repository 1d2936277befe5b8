namespace StreamMesh.Media.Sources;

/// <summary>Severity of an ffmpeg stderr line, from its "[level]" tag (-loglevel level+...) or guessed from its text.</summary>
internal enum FfmpegLogLevel
{
    Trace,
    Debug,
    Verbose,
    Info,
    Warning,
    Error,
    Fatal,
    Panic,
}
