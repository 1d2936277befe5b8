namespace StreamMesh.Media.Sources;

/// <summary>Whether the source's own H.264 is re-packetized as it is (-c:v copy) instead of re-encoded.</summary>
public enum VideoPassthrough
{
    /// <summary>Always decode and re-encode (scaled to the configured size, constant frame rate, fixed keyframe interval).</summary>
    Never,

    /// <summary>
    /// Pass through when the input could be probed and its video is H.264 a WebRTC viewer can decode without
    /// reordering (see <see cref="PassthroughPolicy"/>); otherwise transcode. Sources that cannot be probed
    /// without consuming their only connection (rtmp, srt) are transcoded.
    /// </summary>
    Auto,

    /// <summary>Always copy the video; the operator vouches that it is H.264 without B-frames at the configured frame rate.</summary>
    Always,
}
