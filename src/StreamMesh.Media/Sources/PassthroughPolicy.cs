namespace StreamMesh.Media.Sources;

/// <summary>
/// Decides whether a probed video stream can be sent to WebRTC viewers as it is. Requirements: H.264 (the only
/// passthrough codec; VP8 output always transcodes), 8-bit 4:2:0 (what every browser decoder takes), a profile
/// browsers decode (Constrained Baseline, Baseline, Main, High), and no B-frames: WebRTC receivers decode frames
/// in arrival order and play each at once, so reordered frames would show out of order or stall the jitter
/// buffer (RFC 6184 §5.5 interleaved mode, which would carry them, is not offered by browsers).
/// </summary>
public static class PassthroughPolicy
{
    private static readonly string[] DecodableProfiles = ["Constrained Baseline", "Baseline", "Main", "High"];

    /// <summary>True when <paramref name="probe"/>'s video can be copied; otherwise <paramref name="reason"/> says why not.</summary>
    public static bool CanPassThrough(ProbedSource probe, out string reason)
    {
        ArgumentNullException.ThrowIfNull(probe);
        if (probe.VideoIndex is null)
        {
            reason = "no video stream";
            return false;
        }

        if (!string.Equals(probe.VideoCodec, "h264", StringComparison.Ordinal))
        {
            reason = $"video codec is {probe.VideoCodec ?? "unknown"}, not H.264";
            return false;
        }

        if (Array.IndexOf(DecodableProfiles, probe.VideoProfile) < 0)
        {
            reason = $"H.264 profile {probe.VideoProfile ?? "unknown"} is not one browsers decode";
            return false;
        }

        if (!string.Equals(probe.PixelFormat, "yuv420p", StringComparison.Ordinal) && !string.Equals(probe.PixelFormat, "yuvj420p", StringComparison.Ordinal))
        {
            reason = $"pixel format {probe.PixelFormat ?? "unknown"} is not 8-bit 4:2:0";
            return false;
        }

        if (probe.HasBFrames)
        {
            reason = "the stream has B-frames (WebRTC plays frames in arrival order)";
            return false;
        }

        if (probe.FrameRate is null or < 1 or > 60)
        {
            reason = "the frame rate is unknown or outside 1..60";
            return false;
        }

        reason = "H.264 " + probe.VideoProfile + " without B-frames";
        return true;
    }
}
