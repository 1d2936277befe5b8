namespace StreamMesh.Rtc.Sdp.Codecs;

/// <summary>
/// Decides whether a payload format from a remote description is the same codec as a local
/// <see cref="RtpCodec"/>: same encoding name, clock rate and channel count (RFC 3264 §6.1), plus the
/// codec-specific fmtp rules that make two configurations incompatible.
/// </summary>
public static class RtpCodecMatcher
{
    public static bool Matches(RtpCodec local, SdpPayloadFormat remote)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        if (!remote.IsNamed(local.Name) || remote.ClockRate != local.ClockRate || remote.ChannelCount != local.Channels)
        {
            return false;
        }

        if (local.IsNamed(RtpCodecNames.H264))
        {
            return H264OfferAnswer.IsCompatible(local.Parameters, remote.Parameters);
        }

        if (local.IsNamed(RtpCodecNames.Vp9))
        {
            // VP9 profiles are not interchangeable (draft-ietf-payload-vp9 §6); absent means profile 0.
            return (local.Parameters.GetInt("profile-id") ?? 0) == (remote.Parameters.GetInt("profile-id") ?? 0);
        }

        if (local.IsNamed(RtpCodecNames.Av1))
        {
            // AV1 RTP spec §7.2: profile defaults to 0 (Main).
            return (local.Parameters.GetInt("profile") ?? 0) == (remote.Parameters.GetInt("profile") ?? 0);
        }

        return true;
    }
}
