namespace StreamMesh.Rtc.Sdp.Negotiation;

/// <summary>
/// Everything the transport and media layers need after offer/answer, identical in shape whether this
/// endpoint answered (<see cref="SdpAnswerer"/>) or offered (<see cref="SdpOfferer"/>): the peer's ICE
/// credentials and candidates and DTLS fingerprint for the single BUNDLE transport, our DTLS and ICE roles,
/// and per m= section results. Immutable.
/// </summary>
public sealed record NegotiatedSession
{
    public required string RemoteIceUfrag { get; init; }

    public required string RemoteIcePwd { get; init; }

    public IReadOnlyList<string> RemoteIceOptions { get; init; } = [];

    /// <summary>The peer is ICE lite (RFC 8445 §2.5).</summary>
    public bool RemoteIceLite { get; init; }

    /// <summary>Raw candidate values from the BUNDLE transport's section; more may trickle in later.</summary>
    public IReadOnlyList<string> RemoteCandidates { get; init; } = [];

    public bool RemoteEndOfCandidates { get; init; }

    /// <summary>Every fingerprint the peer declared for the transport ("sha-256 AB:CD:...").</summary>
    public required IReadOnlyList<string> RemoteFingerprints { get; init; }

    /// <summary>The fingerprint to check the peer's certificate against: the first sha-256 one, else the first.</summary>
    public string RemoteFingerprint
    {
        get
        {
            foreach (string fingerprint in RemoteFingerprints)
            {
                if (fingerprint.StartsWith("sha-256 ", StringComparison.OrdinalIgnoreCase))
                {
                    return fingerprint;
                }
            }

            return RemoteFingerprints[0];
        }
    }

    /// <summary>Our a=setup value: Active or Passive.</summary>
    public required SdpSetupRole LocalSetup { get; init; }

    public NegotiatedDtlsRole LocalDtlsRole =>
        LocalSetup == SdpSetupRole.Active ? NegotiatedDtlsRole.Client : NegotiatedDtlsRole.Server;

    /// <summary>
    /// Whether this agent takes the ICE controlling role (RFC 8445 §6.1.1): the offerer controls unless it
    /// is lite and the answerer full; an answerer controls only when the offerer is lite and it is not.
    /// </summary>
    public required bool IceControlling { get; init; }

    /// <summary>Mids of the accepted BUNDLE group; the first is the tagged section carrying the transport.</summary>
    public required IReadOnlyList<string> BundleMids { get; init; }

    public required IReadOnlyList<NegotiatedMedia> Media { get; init; }

    public NegotiatedMedia? FindByMid(string mid)
    {
        foreach (NegotiatedMedia media in Media)
        {
            if (string.Equals(media.Mid, mid, StringComparison.Ordinal))
            {
                return media;
            }
        }

        return null;
    }
}
