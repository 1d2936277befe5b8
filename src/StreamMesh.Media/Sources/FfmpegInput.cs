namespace StreamMesh.Media.Sources;

/// <summary>
/// One ffmpeg input: <paramref name="Target"/> follows -i (a path, URL or lavfi graph; FFMpegCore wraps it in
/// double quotes) and <paramref name="Options"/> precede it, each passed verbatim (for example "-re",
/// "-f lavfi", "-stream_loop -1", "-rw_timeout 5000000"; quote values with spaces yourself).
/// </summary>
public sealed record FfmpegInput(string Target, IReadOnlyList<string> Options);
