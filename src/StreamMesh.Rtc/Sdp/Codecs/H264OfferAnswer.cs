namespace StreamMesh.Rtc.Sdp.Codecs;

/// <summary>
/// H.264 offer/answer rules of RFC 6184 §8.2.2: packetization-mode must match, profiles must match,
/// and the level is negotiated — symmetric (the lower of the two) unless both sides say
/// level-asymmetry-allowed=1, in which case each side declares the highest level it can receive.
/// </summary>
public static class H264OfferAnswer
{
    public const string ProfileLevelId = "profile-level-id";
    public const string PacketizationMode = "packetization-mode";
    public const string LevelAsymmetryAllowed = "level-asymmetry-allowed";

    /// <summary>packetization-mode, defaulting to 0 (single NAL unit) when absent (RFC 6184 §8.1).</summary>
    public static int GetPacketizationMode(FormatParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.GetInt(PacketizationMode) ?? 0;
    }

    public static bool IsLevelAsymmetryAllowed(FormatParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.GetInt(LevelAsymmetryAllowed) == 1;
    }

    /// <summary>profile-level-id, or the RFC 6184 §8.1 default 42000a when absent; false when malformed or of unknown profile/level.</summary>
    public static bool TryGetProfileLevelId(FormatParameters parameters, out H264ProfileLevelId profileLevelId)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!parameters.TryGetValue(ProfileLevelId, out string? text))
        {
            profileLevelId = H264ProfileLevelId.Default;
            return true;
        }

        return H264ProfileLevelId.TryParse(text, out profileLevelId)
            && profileLevelId.Profile != H264Profile.Unknown
            && profileLevelId.Level is not null;
    }

    /// <summary>
    /// Whether a remote H.264 format can be paired with a local one: same packetization-mode and same
    /// profile (RFC 6184 §8.2.2). Levels never prevent a match; they are negotiated.
    /// </summary>
    public static bool IsCompatible(FormatParameters local, FormatParameters remote)
    {
        return GetPacketizationMode(local) == GetPacketizationMode(remote)
            && TryGetProfileLevelId(local, out H264ProfileLevelId localId)
            && TryGetProfileLevelId(remote, out H264ProfileLevelId remoteId)
            && localId.Profile == remoteId.Profile;
    }

    /// <summary>Orders levels, placing 1b between 1 and 1.1.</summary>
    public static int CompareLevels(H264Level left, H264Level right)
    {
        if (left == right)
        {
            return 0;
        }

        if (left == H264Level.Level1b)
        {
            return right == H264Level.Level1 ? 1 : -1;
        }

        if (right == H264Level.Level1b)
        {
            return left == H264Level.Level1 ? -1 : 1;
        }

        return ((int)left).CompareTo((int)right);
    }

    public static H264Level MinLevel(H264Level left, H264Level right) =>
        CompareLevels(left, right) <= 0 ? left : right;

    /// <summary>
    /// The fmtp parameters an answerer writes for a compatible offered H.264 format: its own parameters with
    /// the offer's packetization-mode and a profile-level-id whose level is its own receive level when both
    /// allow level asymmetry, else the lower of the two levels (RFC 6184 §8.2.2).
    /// </summary>
    public static FormatParameters CreateAnswerParameters(FormatParameters local, FormatParameters offered)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(offered);
        if (!TryGetProfileLevelId(local, out H264ProfileLevelId localId)
            || !TryGetProfileLevelId(offered, out H264ProfileLevelId offeredId))
        {
            throw new ArgumentException("Both parameter sets need a valid profile-level-id.", nameof(offered));
        }

        H264Level localLevel = localId.Level!.Value;
        H264Level answerLevel = IsLevelAsymmetryAllowed(local) && IsLevelAsymmetryAllowed(offered)
            ? localLevel
            : MinLevel(localLevel, offeredId.Level!.Value);
        H264ProfileLevelId answerId = H264ProfileLevelId.Create(localId.Profile, answerLevel) ?? localId;
        return local
            .With(PacketizationMode, SdpNumber.Format(GetPacketizationMode(offered)))
            .With(ProfileLevelId, answerId.ToString());
    }

    /// <summary>
    /// The profile-level-id bounding what this side may send: with level asymmetry in both the local and the
    /// remote parameters, up to the level the remote declared it can receive; otherwise the negotiated
    /// (lower) level that applies in both directions (RFC 6184 §8.2.2). Null if either is unparseable.
    /// </summary>
    public static H264ProfileLevelId? GetSendProfileLevelId(FormatParameters local, FormatParameters remote)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        if (!TryGetProfileLevelId(local, out H264ProfileLevelId localId)
            || !TryGetProfileLevelId(remote, out H264ProfileLevelId remoteId))
        {
            return null;
        }

        H264Level remoteLevel = remoteId.Level!.Value;
        H264Level sendLevel = IsLevelAsymmetryAllowed(local) && IsLevelAsymmetryAllowed(remote)
            ? remoteLevel
            : MinLevel(localId.Level!.Value, remoteLevel);
        return H264ProfileLevelId.Create(localId.Profile, sendLevel) ?? localId;
    }
}
