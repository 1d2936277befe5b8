namespace StreamMesh.Rtc.Sdp.Negotiation;

/// <summary>
/// Local settings for building an offer: one audio section (if <see cref="Audio"/> is set) then one video
/// section (if <see cref="Video"/> is set), with directions from the settings, e.g. recvonly for a client
/// pulling a stream over WHEP, sendonly for pushing.
/// </summary>
public sealed record SdpOfferOptions
{
    public required LocalTransportParameters Transport { get; init; }

    public LocalMediaSettings? Audio { get; init; }

    public LocalMediaSettings? Video { get; init; }

    /// <summary>One track per sending kind.</summary>
    public IReadOnlyList<LocalTrack> Tracks { get; init; } = [];

    /// <summary>o= session id (digits); null draws a random 62-bit one.</summary>
    public string? SessionId { get; init; }

    public ulong SessionVersion { get; init; } = 2;

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Transport, nameof(Transport));
        Transport.Validate();
        if (Audio is null && Video is null)
        {
            throw new ArgumentException("At least one of Audio or Video settings is required.", nameof(Audio));
        }

        Audio?.Validate();
        Video?.Validate();
        NegotiationOptionChecks.ValidateTracks(Tracks);
        NegotiationOptionChecks.ValidateSessionId(SessionId);
        RequireTrack(Audio, SdpMediaKind.Audio);
        RequireTrack(Video, SdpMediaKind.Video);
    }

    private void RequireTrack(LocalMediaSettings? settings, SdpMediaKind kind)
    {
        if (settings is not null && settings.Direction.Sends() && !Tracks.Any(t => t.Kind == kind))
        {
            throw new ArgumentException($"{kind} direction {settings.Direction} sends, but no {kind} track is given.", nameof(Tracks));
        }
    }
}
