namespace StreamMesh.Rtc.Sdp.Negotiation;

/// <summary>Local settings for answering a remote offer (a WHEP/WHIP endpoint or a relay accepting a child).</summary>
public sealed record SdpAnswerOptions
{
    public required LocalTransportParameters Transport { get; init; }

    /// <summary>
    /// The DTLS setup role to take when the offer says actpass: Active (DTLS client, the RFC 8829 §5.3.1
    /// recommendation) or Passive (DTLS server). An offer with active forces passive and vice versa.
    /// </summary>
    public SdpSetupRole SetupRole { get; init; } = SdpSetupRole.Active;

    /// <summary>Audio settings; null rejects audio sections.</summary>
    public LocalMediaSettings? Audio { get; init; }

    /// <summary>Video settings; null rejects video sections.</summary>
    public LocalMediaSettings? Video { get; init; }

    /// <summary>Tracks to send, assigned to sending sections by mid or, failing that, by kind in order.</summary>
    public IReadOnlyList<LocalTrack> Tracks { get; init; } = [];

    /// <summary>o= session id (digits); null draws a random 62-bit one per answer.</summary>
    public string? SessionId { get; init; }

    public ulong SessionVersion { get; init; } = 2;

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Transport, nameof(Transport));
        Transport.Validate();
        if (SetupRole is not (SdpSetupRole.Active or SdpSetupRole.Passive))
        {
            throw new ArgumentException("An answer's setup role must be Active or Passive (RFC 5763 §5).", nameof(SetupRole));
        }

        if (Audio is null && Video is null)
        {
            throw new ArgumentException("At least one of Audio or Video settings is required.", nameof(Audio));
        }

        Audio?.Validate();
        Video?.Validate();
        NegotiationOptionChecks.ValidateTracks(Tracks);
        NegotiationOptionChecks.ValidateSessionId(SessionId);
    }
}
