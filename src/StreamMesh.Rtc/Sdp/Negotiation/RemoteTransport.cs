using System.Diagnostics.CodeAnalysis;

namespace StreamMesh.Rtc.Sdp.Negotiation;

/// <summary>
/// The peer's parameters for the BUNDLE transport, read from the BUNDLE-tagged m= section with
/// session-level attributes as the fallback (RFC 8843 §7.2.1, §7.4; RFC 8829 §5.8.1 lets ICE and DTLS
/// attributes sit at either level — Firefox puts the fingerprint at session level).
/// </summary>
internal sealed record RemoteTransport(
    string IceUfrag,
    string IcePwd,
    IReadOnlyList<string> Fingerprints,
    SdpSetupRole? Setup,
    IReadOnlyList<string> Candidates,
    bool EndOfCandidates,
    IReadOnlyList<string> IceOptions,
    bool IceLite)
{
    public static bool TryRead(
        SessionDescription description,
        MediaDescription tagged,
        [NotNullWhen(true)] out RemoteTransport? transport,
        [NotNullWhen(false)] out SdpNegotiationFailure? failure)
    {
        transport = null;
        string where = tagged.Mid is null ? "the BUNDLE transport" : $"the BUNDLE transport (mid {tagged.Mid})";
        string? ufrag = tagged.IceUfrag ?? description.IceUfrag;
        string? pwd = tagged.IcePwd ?? description.IcePwd;
        if (ufrag is null || pwd is null)
        {
            failure = new SdpNegotiationFailure(
                SdpNegotiationError.MissingIceCredentials,
                $"No a=ice-ufrag/a=ice-pwd for {where} (RFC 8839 §5.4).");
            return false;
        }

        IReadOnlyList<string> fingerprints = tagged.Fingerprints.Count > 0 ? tagged.Fingerprints : description.Fingerprints;
        if (fingerprints.Count == 0)
        {
            failure = new SdpNegotiationFailure(
                SdpNegotiationError.MissingFingerprint,
                $"No a=fingerprint for {where}; DTLS-SRTP needs the peer's certificate fingerprint (RFC 5763 §5).");
            return false;
        }

        IReadOnlyList<string> options = tagged.IceOptions.Count > 0 ? tagged.IceOptions : description.IceOptions;
        transport = new RemoteTransport(
            ufrag,
            pwd,
            fingerprints,
            tagged.Setup ?? description.Setup,
            tagged.Candidates,
            tagged.EndOfCandidates,
            options,
            description.IceLite);
        failure = null;
        return true;
    }
}
