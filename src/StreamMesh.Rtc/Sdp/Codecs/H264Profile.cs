namespace StreamMesh.Rtc.Sdp.Codecs;

/// <summary>H.264 profiles distinguishable from profile_idc and profile-iop (RFC 6184 §8.1, Table 5).</summary>
public enum H264Profile
{
    /// <summary>A profile_idc/profile-iop combination RFC 6184 Table 5 does not list.</summary>
    Unknown,
    ConstrainedBaseline,
    Baseline,
    Main,
    Extended,
    High,

    /// <summary>High with constraint_set4 and constraint_set5 (H.264 A.2.4.2), offered by Chromium as 640c1f.</summary>
    ConstrainedHigh,
    High10,
    High422,
    High444,
    High10Intra,
    High422Intra,
    High444Intra,
    Cavlc444Intra,
}
