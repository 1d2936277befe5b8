namespace StreamMesh.Rtc.Sdp.Codecs;

/// <summary>
/// H.264 levels (ITU-T H.264 Table A-1). Numeric values are level_idc except <see cref="Level1b"/>, which
/// sorts between 1 and 1.1; compare with <see cref="H264OfferAnswer.CompareLevels"/>, not with &lt;.
/// </summary>
public enum H264Level
{
    Level1b = 0,
    Level1 = 10,
    Level1_1 = 11,
    Level1_2 = 12,
    Level1_3 = 13,
    Level2 = 20,
    Level2_1 = 21,
    Level2_2 = 22,
    Level3 = 30,
    Level3_1 = 31,
    Level3_2 = 32,
    Level4 = 40,
    Level4_1 = 41,
    Level4_2 = 42,
    Level5 = 50,
    Level5_1 = 51,
    Level5_2 = 52,
    Level6 = 60,
    Level6_1 = 61,
    Level6_2 = 62,
}
