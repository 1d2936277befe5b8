namespace StreamMesh.Rtc.Sdp.Negotiation;

/// <summary>Validation shared by the offer and answer options.</summary>
internal static class NegotiationOptionChecks
{
    public static void ValidateTracks(IReadOnlyList<LocalTrack>? tracks)
    {
        if (tracks is null)
        {
            throw new ArgumentException("Tracks must not be null.", nameof(tracks));
        }

        var ssrcs = new HashSet<uint>();
        foreach (LocalTrack track in tracks)
        {
            ArgumentNullException.ThrowIfNull(track, nameof(tracks));
            track.Validate();
            if (!ssrcs.Add(track.Ssrc) || (track.RtxSsrc is uint rtx && !ssrcs.Add(rtx)))
            {
                throw new ArgumentException("Every SSRC of every track must be unique.", nameof(tracks));
            }
        }
    }

    public static void ValidateSessionId(string? sessionId)
    {
        if (sessionId is not null && !SdpNumber.IsDigits(sessionId))
        {
            throw new ArgumentException("SessionId must be decimal digits (RFC 8866 §5.2).", nameof(sessionId));
        }
    }

    /// <summary>A random positive 62-bit session id, as JSEP asks (RFC 8829 §5.2.1).</summary>
    public static string NewSessionId()
    {
        ulong value = BitConverter.ToUInt64(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)) >> 2;
        return SdpNumber.Format(value == 0 ? 1 : value);
    }
}
