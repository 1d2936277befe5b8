using System.Globalization;

namespace StreamMesh.Rtc.Sdp.Codecs;

/// <summary>
/// The three bytes of the H.264 "profile-level-id" fmtp parameter (RFC 6184 §8.1): profile_idc,
/// profile-iop (constraint_set0..5 flags, most significant bit first, then two reserved zero bits) and
/// level_idc. <see cref="Profile"/> and <see cref="Level"/> interpret them per RFC 6184 Table 5 and H.264 A.3.
/// </summary>
public readonly record struct H264ProfileLevelId(byte ProfileIdc, byte ProfileIop, byte LevelIdc)
{
    private const byte ConstraintSet3Mask = 0x10;

    // RFC 6184 §8.1 Table 5 (plus Constrained High): profile_idc and a bit pattern of profile-iop where
    // 'x' is "either". Checked in order; the first match wins.
    private static readonly (byte ProfileIdc, string Iop, H264Profile Profile)[] Patterns =
    [
        (0x42, "x1xx0000", H264Profile.ConstrainedBaseline),
        (0x4D, "1xxx0000", H264Profile.ConstrainedBaseline),
        (0x58, "11xx0000", H264Profile.ConstrainedBaseline),
        (0x42, "x0xx0000", H264Profile.Baseline),
        (0x58, "10xx0000", H264Profile.Baseline),
        (0x4D, "0x0x0000", H264Profile.Main),
        (0x58, "00xx0000", H264Profile.Extended),
        (0x64, "00000000", H264Profile.High),
        (0x64, "00001100", H264Profile.ConstrainedHigh),
        (0x6E, "00000000", H264Profile.High10),
        (0x7A, "00000000", H264Profile.High422),
        (0xF4, "00000000", H264Profile.High444),
        (0x6E, "00010000", H264Profile.High10Intra),
        (0x7A, "00010000", H264Profile.High422Intra),
        (0xF4, "00010000", H264Profile.High444Intra),
        (0x2C, "00010000", H264Profile.Cavlc444Intra),
    ];

    /// <summary>"42000a": Baseline level 1, what RFC 6184 §8.1 says to assume when the parameter is absent.</summary>
    public static H264ProfileLevelId Default { get; } = new(0x42, 0x00, 0x0A);

    /// <summary>"42e01f": Constrained Baseline level 3.1, the profile Chromium and Firefox always offer.</summary>
    public static H264ProfileLevelId ConstrainedBaseline31 { get; } = new(0x42, 0xE0, 0x1F);

    public bool ConstraintSet0 => (ProfileIop & 0x80) != 0;

    public bool ConstraintSet1 => (ProfileIop & 0x40) != 0;

    public bool ConstraintSet2 => (ProfileIop & 0x20) != 0;

    public bool ConstraintSet3 => (ProfileIop & ConstraintSet3Mask) != 0;

    /// <summary>
    /// The profile per RFC 6184 Table 5. Constrained Baseline is 0x42 with constraint_set1, 0x4D with
    /// constraint_set0 (a Main stream that also obeys Baseline constraints), or 0x58 with constraint_set0 and 1.
    /// So 42e01f and 42c01f are Constrained Baseline, 42001f is plain Baseline, 4d401f is Main.
    /// </summary>
    public H264Profile Profile
    {
        get
        {
            foreach ((byte idc, string iop, H264Profile profile) in Patterns)
            {
                if (idc == ProfileIdc && MatchesPattern(ProfileIop, iop))
                {
                    return profile;
                }
            }

            return H264Profile.Unknown;
        }
    }

    /// <summary>
    /// The level, or null for a level_idc H.264 does not define. Level 1b is level_idc 11 with
    /// constraint_set3 in Baseline/Main/Extended, or level_idc 9 elsewhere (H.264 A.3.1, RFC 6184 §8.1).
    /// </summary>
    public H264Level? Level
    {
        get
        {
            if (LevelIdc == 9
                || (LevelIdc == 11 && ConstraintSet3 && ProfileIdc is 0x42 or 0x4D or 0x58))
            {
                return H264Level.Level1b;
            }

            var level = (H264Level)LevelIdc;
            return LevelIdc != 0 && Enum.IsDefined(level) ? level : null;
        }
    }

    /// <summary>Parses six hexadecimal digits; false for anything else (no throw).</summary>
    public static bool TryParse(string? text, out H264ProfileLevelId profileLevelId)
    {
        profileLevelId = default;
        if (text is null || text.Length != 6
            || !uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint value))
        {
            return false;
        }

        profileLevelId = new H264ProfileLevelId((byte)(value >> 16), (byte)(value >> 8), (byte)value);
        return true;
    }

    /// <summary>
    /// The canonical profile-level-id for a profile and level, or null when that level cannot be expressed
    /// for the profile (an unknown profile). Used when writing an answer's profile-level-id (RFC 6184 §8.2.2).
    /// </summary>
    public static H264ProfileLevelId? Create(H264Profile profile, H264Level level)
    {
        (byte idc, byte iop)? bytes = profile switch
        {
            H264Profile.ConstrainedBaseline => (0x42, 0xE0),
            H264Profile.Baseline => (0x42, 0x00),
            H264Profile.Main => (0x4D, 0x00),
            H264Profile.Extended => (0x58, 0x00),
            H264Profile.High => (0x64, 0x00),
            H264Profile.ConstrainedHigh => (0x64, 0x0C),
            H264Profile.High10 => (0x6E, 0x00),
            H264Profile.High422 => (0x7A, 0x00),
            H264Profile.High444 => (0xF4, 0x00),
            H264Profile.High10Intra => (0x6E, 0x10),
            H264Profile.High422Intra => (0x7A, 0x10),
            H264Profile.High444Intra => (0xF4, 0x10),
            H264Profile.Cavlc444Intra => (0x2C, 0x10),
            _ => null,
        };
        if (bytes is not (byte idc, byte iop))
        {
            return null;
        }

        if (level != H264Level.Level1b)
        {
            return new H264ProfileLevelId(idc, iop, (byte)level);
        }

        // Level 1b: constraint_set3 with level_idc 11 where that flag means 1b, level_idc 9 elsewhere.
        if (idc is 0x42 or 0x4D or 0x58)
        {
            return new H264ProfileLevelId(idc, (byte)(iop | ConstraintSet3Mask), 11);
        }

        return new H264ProfileLevelId(idc, iop, 9);
    }

    /// <summary>Six lower-case hex digits, the form browsers write.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{ProfileIdc:x2}{ProfileIop:x2}{LevelIdc:x2}");

    private static bool MatchesPattern(byte value, string pattern)
    {
        for (int i = 0; i < 8; i++)
        {
            int bit = (value >> (7 - i)) & 1;
            char expected = pattern[i];
            if ((expected == '1' && bit != 1) || (expected == '0' && bit != 0))
            {
                return false;
            }
        }

        return true;
    }
}
