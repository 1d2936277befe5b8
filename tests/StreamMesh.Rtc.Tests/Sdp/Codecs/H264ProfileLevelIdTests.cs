using StreamMesh.Rtc.Sdp.Codecs;

namespace StreamMesh.Rtc.Tests.Sdp.Codecs;

public class H264ProfileLevelIdTests
{
    // RFC 6184 §8.1 Table 5. Bytes: profile_idc, profile-iop (constraint_set0..5 MSB first), level_idc.
    [Theory]
    [InlineData("42e01f", H264Profile.ConstrainedBaseline)] // 42, iop 1110 0000: set1 -> CB (x1xx0000)
    [InlineData("42c01f", H264Profile.ConstrainedBaseline)] // 42, iop 1100 0000: set0+set1 -> CB
    [InlineData("42401f", H264Profile.ConstrainedBaseline)] // 42, iop 0100 0000: set1 alone -> CB
    [InlineData("42001f", H264Profile.Baseline)]            // 42, iop 0000 0000 -> B (x0xx0000)
    [InlineData("42801f", H264Profile.Baseline)]            // 42, set0 without set1 -> still B
    [InlineData("4d801f", H264Profile.ConstrainedBaseline)] // 4D, set0 -> CB (1xxx0000): Main stream obeying Baseline
    [InlineData("4dc01f", H264Profile.ConstrainedBaseline)] // 4D, set0+set1 -> CB
    [InlineData("4d001f", H264Profile.Main)]                // 4D, 0000 0000 -> M (0x0x0000)
    [InlineData("4d401f", H264Profile.Main)]                // 4D, set1 only -> M, NOT constrained baseline
    [InlineData("58c01f", H264Profile.ConstrainedBaseline)] // 58, set0+set1 -> CB (11xx0000)
    [InlineData("58801f", H264Profile.Baseline)]            // 58, set0 only -> B (10xx0000)
    [InlineData("58001f", H264Profile.Extended)]
    [InlineData("64001f", H264Profile.High)]
    [InlineData("640c1f", H264Profile.ConstrainedHigh)]
    [InlineData("6e001f", H264Profile.High10)]
    [InlineData("7a001f", H264Profile.High422)]
    [InlineData("f4001f", H264Profile.High444)]
    [InlineData("f4101f", H264Profile.High444Intra)]
    [InlineData("2c101f", H264Profile.Cavlc444Intra)]
    [InlineData("4d201f", H264Profile.Unknown)]             // 4D with set2 matches no row
    [InlineData("42e81f", H264Profile.Unknown)]             // reserved low bits set
    [InlineData("64401f", H264Profile.Unknown)]
    public void Profile_Table5Combination_IsRecognised(string value, H264Profile expected)
    {
        Assert.True(H264ProfileLevelId.TryParse(value, out H264ProfileLevelId id));
        Assert.Equal(expected, id.Profile);
    }

    [Theory]
    [InlineData("42e00a", H264Level.Level1)]
    [InlineData("42f00b", H264Level.Level1b)]   // level_idc 11 + constraint_set3 in Baseline family = 1b
    [InlineData("42e00b", H264Level.Level1_1)]  // level_idc 11 without set3 = 1.1
    [InlineData("4d100b", H264Level.Level1b)]
    [InlineData("640009", H264Level.Level1b)]   // level_idc 9 = 1b outside the Baseline family
    [InlineData("64100b", H264Level.Level1_1)]  // set3 has no 1b meaning for High
    [InlineData("42e01f", H264Level.Level3_1)]
    [InlineData("640028", H264Level.Level4)]
    [InlineData("640034", H264Level.Level5_2)]
    [InlineData("64003e", H264Level.Level6_2)]
    public void Level_LevelIdc_IsRecognised(string value, H264Level expected)
    {
        Assert.True(H264ProfileLevelId.TryParse(value, out H264ProfileLevelId id));
        Assert.Equal(expected, id.Level);
    }

    [Theory]
    [InlineData("420005")]
    [InlineData("4200ff")]
    [InlineData("420000")]
    public void Level_UndefinedLevelIdc_IsNull(string value)
    {
        Assert.True(H264ProfileLevelId.TryParse(value, out H264ProfileLevelId id));
        Assert.Null(id.Level);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("42e01")]
    [InlineData("42e01f0")]
    [InlineData("zze01f")]
    [InlineData("+42e01")]
    public void TryParse_Malformed_ReturnsFalse(string? value) =>
        Assert.False(H264ProfileLevelId.TryParse(value, out _));

    [Fact]
    public void TryParse_SplitsBytes_AndToStringIsLowerCaseHex()
    {
        Assert.True(H264ProfileLevelId.TryParse("42E01F", out H264ProfileLevelId id));

        Assert.Equal(0x42, id.ProfileIdc);
        Assert.Equal(0xE0, id.ProfileIop);
        Assert.Equal(0x1F, id.LevelIdc);
        Assert.True(id.ConstraintSet0);
        Assert.True(id.ConstraintSet1);
        Assert.True(id.ConstraintSet2);
        Assert.False(id.ConstraintSet3);
        Assert.Equal("42e01f", id.ToString());
    }

    [Theory]
    [InlineData(H264Profile.ConstrainedBaseline, H264Level.Level3_1, "42e01f")]
    [InlineData(H264Profile.ConstrainedBaseline, H264Level.Level1b, "42f00b")]
    [InlineData(H264Profile.Baseline, H264Level.Level1b, "42100b")]
    [InlineData(H264Profile.Main, H264Level.Level4_1, "4d0029")]
    [InlineData(H264Profile.High, H264Level.Level1b, "640009")]
    [InlineData(H264Profile.ConstrainedHigh, H264Level.Level3_1, "640c1f")]
    public void Create_ProfileAndLevel_GivesCanonicalValueThatParsesBack(H264Profile profile, H264Level level, string expected)
    {
        H264ProfileLevelId id = H264ProfileLevelId.Create(profile, level)!.Value;

        Assert.Equal(expected, id.ToString());
        Assert.Equal(profile, id.Profile);
        Assert.Equal(level, id.Level);
    }

    [Fact]
    public void Create_UnknownProfile_IsNull() =>
        Assert.Null(H264ProfileLevelId.Create(H264Profile.Unknown, H264Level.Level3_1));

    [Fact]
    public void Default_IsBaselineLevel1PerRfc6184()
    {
        Assert.Equal("42000a", H264ProfileLevelId.Default.ToString());
        Assert.Equal(H264Profile.Baseline, H264ProfileLevelId.Default.Profile);
        Assert.Equal(H264Level.Level1, H264ProfileLevelId.Default.Level);
    }
}
