using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Codecs;
using StreamMesh.Rtc.Sdp.Negotiation;

namespace StreamMesh.Rtc.Tests.Sdp;

/// <summary>Local settings shared by the negotiation tests.</summary>
internal static class SdpTestSettings
{
    public const string Fingerprint =
        "sha-256 0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9:0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9";

    public static LocalTransportParameters Transport { get; } = new()
    {
        IceUfrag = "sMsh",
        IcePwd = "streammeshpassword0123456",
        Fingerprint = Fingerprint,
    };

    public static LocalTrack AudioTrack { get; } = new()
    {
        Kind = SdpMediaKind.Audio,
        Ssrc = 1111,
        StreamId = "stream",
        TrackId = "audio0",
        Cname = "origin-cname",
    };

    public static LocalTrack VideoTrack { get; } = new()
    {
        Kind = SdpMediaKind.Video,
        Ssrc = 2222,
        RtxSsrc = 3333,
        StreamId = "stream",
        TrackId = "video0",
        Cname = "origin-cname",
    };

    /// <summary>A WHEP origin: sends Opus and video (H.264 preferred, or VP8 preferred).</summary>
    public static SdpAnswerOptions WhepOrigin(bool preferH264 = true) => new()
    {
        Transport = Transport,
        SessionId = "1234567890",
        Audio = LocalMediaSettings.DefaultAudio(SdpDirection.SendOnly),
        Video = LocalMediaSettings.DefaultVideo(SdpDirection.SendOnly) with
        {
            Codecs = preferH264 ? [RtpCodec.H264(), RtpCodec.Vp8()] : [RtpCodec.Vp8(), RtpCodec.H264()],
        },
        Tracks = [AudioTrack, VideoTrack],
    };

    /// <summary>A client pulling a stream: recvonly audio + video.</summary>
    public static SdpOfferOptions PullingClient() => new()
    {
        Transport = Transport,
        SessionId = "987654321",
        Audio = LocalMediaSettings.DefaultAudio(SdpDirection.RecvOnly),
        Video = LocalMediaSettings.DefaultVideo(SdpDirection.RecvOnly),
    };
}
