namespace StreamMesh.Rtc.Sdp.Codecs;

/// <summary>Encoding names as registered for RTP (compare case-insensitively, RFC 8866 §6.6).</summary>
public static class RtpCodecNames
{
    public const string Opus = "opus";              // RFC 7587
    public const string Vp8 = "VP8";                // RFC 7741
    public const string Vp9 = "VP9";
    public const string H264 = "H264";              // RFC 6184
    public const string Av1 = "AV1";
    public const string Rtx = "rtx";                // RFC 4588
    public const string Red = "red";                // RFC 2198
    public const string Ulpfec = "ulpfec";          // RFC 5109
    public const string FlexFec = "flexfec-03";
    public const string ComfortNoise = "CN";        // RFC 3389
    public const string TelephoneEvent = "telephone-event"; // RFC 4733

    /// <summary>True for formats that protect or accompany media rather than carry it (rtx, red, FEC, CN, DTMF).</summary>
    public static bool IsAuxiliary(string name) =>
        name.Equals(Rtx, StringComparison.OrdinalIgnoreCase)
        || name.Equals(Red, StringComparison.OrdinalIgnoreCase)
        || name.Equals(Ulpfec, StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("flexfec", StringComparison.OrdinalIgnoreCase)
        || name.Equals(ComfortNoise, StringComparison.OrdinalIgnoreCase)
        || name.Equals(TelephoneEvent, StringComparison.OrdinalIgnoreCase);
}
