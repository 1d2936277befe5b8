namespace StreamMesh.Rtc.Sdp.Negotiation;

/// <summary>
/// This endpoint's ICE and DTLS parameters for the single BUNDLE transport. Candidates are raw
/// candidate-attribute values produced by the ICE layer; the fingerprint is "sha-256 AB:CD:..." produced by
/// the DTLS layer.
/// </summary>
public sealed record LocalTransportParameters
{
    public required string IceUfrag { get; init; }

    public required string IcePwd { get; init; }

    /// <summary>"&lt;hash-function&gt; &lt;hex&gt;", e.g. "sha-256 AB:CD:..." (RFC 8122 §5).</summary>
    public required string Fingerprint { get; init; }

    /// <summary>Candidates known when the description is built; may be empty (trickle, or added later).</summary>
    public IReadOnlyList<string> Candidates { get; init; } = [];

    /// <summary>Write a=end-of-candidates: gathering is complete (RFC 8840 §8.2).</summary>
    public bool EndOfCandidates { get; init; }

    /// <summary>This endpoint is ICE lite (RFC 8445 §2.5): servers with public addresses.</summary>
    public bool IceLite { get; init; }

    /// <summary>ICE options we support, e.g. "trickle" (RFC 8840 §4.1.1); answers echo only offered ones.</summary>
    public IReadOnlyList<string> IceOptions { get; init; } = ["trickle"];

    public void Validate()
    {
        // RFC 8839 §5.4: ice-char = ALPHA / DIGIT / "+" / "/"; ufrag 4-256 chars, password 22-256 chars.
        if (!IsIceChars(IceUfrag, 4))
        {
            throw new ArgumentException("IceUfrag must be 4-256 characters of A-Z a-z 0-9 + / (RFC 8839 §5.4).", nameof(IceUfrag));
        }

        if (!IsIceChars(IcePwd, 22))
        {
            throw new ArgumentException("IcePwd must be 22-256 characters of A-Z a-z 0-9 + / (RFC 8839 §5.4).", nameof(IcePwd));
        }

        string[] fingerprint = (Fingerprint ?? string.Empty).Split(' ');
        if (fingerprint.Length != 2 || !SdpToken.IsToken(fingerprint[0]) || !SdpToken.IsVisibleText(fingerprint[1]))
        {
            throw new ArgumentException("Fingerprint must look like 'sha-256 AB:CD:...' (RFC 8122 §5).", nameof(Fingerprint));
        }

        foreach (string candidate in Candidates ?? throw new ArgumentException("Candidates must not be null.", nameof(Candidates)))
        {
            if (string.IsNullOrWhiteSpace(candidate) || SdpToken.ContainsLineBreak(candidate))
            {
                throw new ArgumentException("Candidates must be non-empty single-line values.", nameof(Candidates));
            }
        }

        foreach (string option in IceOptions ?? throw new ArgumentException("IceOptions must not be null.", nameof(IceOptions)))
        {
            if (!SdpToken.IsToken(option))
            {
                throw new ArgumentException($"ICE option '{option}' is not a token.", nameof(IceOptions));
            }
        }
    }

    private static bool IsIceChars(string? value, int minLength)
    {
        if (value is null || value.Length < minLength || value.Length > 256)
        {
            return false;
        }

        foreach (char c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '/')
            {
                return false;
            }
        }

        return true;
    }
}
