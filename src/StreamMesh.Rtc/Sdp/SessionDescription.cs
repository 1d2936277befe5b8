using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace StreamMesh.Rtc.Sdp;

/// <summary>
/// A parsed SDP session description (RFC 8866 §5) with its media sections, plus typed views over the
/// session-level attributes WebRTC uses (BUNDLE, msid-semantic, ICE, DTLS). Parse with <see cref="Parse"/> or
/// <see cref="TryParse(string?, out SessionDescription?, out SdpParseError?, SdpParserOptions?)"/>; serialize
/// with <see cref="ToString"/> (CRLF line endings). Not thread-safe.
/// </summary>
public sealed class SessionDescription
{
    public SessionDescription(SdpOrigin origin, string sessionName = "-")
    {
        ArgumentNullException.ThrowIfNull(origin);
        Origin = origin;
        SessionName = sessionName;
    }

    /// <summary>Always 0 (RFC 8866 §5.1).</summary>
    public int Version => 0;

    public SdpOrigin Origin { get; set; }

    /// <summary>The "s=" line; JSEP writes "-" (RFC 8829 §5.2.1).</summary>
    public string SessionName { get; set; }

    /// <summary>The "i=" session information.</summary>
    public string? Information { get; set; }

    /// <summary>The "u=" URI.</summary>
    public string? Uri { get; set; }

    /// <summary>The "e=" lines.</summary>
    public List<string> Emails { get; } = [];

    /// <summary>The "p=" lines.</summary>
    public List<string> Phones { get; } = [];

    public SdpConnection? Connection { get; set; }

    public List<SdpBandwidth> Bandwidths { get; } = [];

    /// <summary>The "t=" lines (each with its "r=" lines); at least one is required.</summary>
    public List<SdpTiming> Timings { get; } = [];

    /// <summary>The raw "z=" value.</summary>
    public string? TimeZones { get; set; }

    /// <summary>The obsolete "k=" line, kept only to round-trip.</summary>
    public string? EncryptionKey { get; set; }

    public SdpAttributeList Attributes { get; } = new();

    public List<MediaDescription> Media { get; } = [];

    public IReadOnlyList<SdpGroup> Groups =>
        SdpCommonAttributes.ParseAll<SdpGroup>(Attributes, SdpAttributeNames.Group, SdpGroup.TryParse);

    /// <summary>The first BUNDLE group, or null (RFC 8843 §7).</summary>
    public SdpGroup? BundleGroup
    {
        get
        {
            foreach (SdpGroup group in Groups)
            {
                if (group.IsBundle)
                {
                    return group;
                }
            }

            return null;
        }
    }

    public SdpMsidSemantic? MsidSemantic =>
        SdpMsidSemantic.TryParse(Attributes.GetValue(SdpAttributeNames.MsidSemantic), out SdpMsidSemantic? value) ? value : null;

    public IReadOnlyList<string> IceOptions => SdpCommonAttributes.GetIceOptions(Attributes);

    /// <summary>"a=ice-lite": the author implements ICE lite (RFC 8839 §5.3).</summary>
    public bool IceLite
    {
        get => Attributes.Contains(SdpAttributeNames.IceLite);
        set => Attributes.SetFlag(SdpAttributeNames.IceLite, value);
    }

    public string? IceUfrag
    {
        get => Attributes.GetValue(SdpAttributeNames.IceUfrag);
        set => SdpCommonAttributes.SetOrRemove(Attributes, SdpAttributeNames.IceUfrag, value);
    }

    public string? IcePwd
    {
        get => Attributes.GetValue(SdpAttributeNames.IcePwd);
        set => SdpCommonAttributes.SetOrRemove(Attributes, SdpAttributeNames.IcePwd, value);
    }

    /// <summary>Session-level fingerprints (Firefox writes them here), raw "sha-256 AB:CD:..." values.</summary>
    public IReadOnlyList<string> Fingerprints => Attributes.GetValues(SdpAttributeNames.Fingerprint);

    public SdpSetupRole? Setup
    {
        get => SdpCommonAttributes.GetSetup(Attributes);
        set => SdpCommonAttributes.SetSetup(Attributes, value);
    }

    /// <summary>Session-level direction, the default for sections without their own (RFC 8866 §6.7).</summary>
    public SdpDirection? Direction
    {
        get => SdpCommonAttributes.GetDirection(Attributes);
        set => SdpCommonAttributes.SetDirection(Attributes, value);
    }

    public bool ExtmapAllowMixed => Attributes.Contains(SdpAttributeNames.ExtmapAllowMixed);

    /// <summary>The media section's direction, else the session's, else sendrecv (RFC 8866 §6.7).</summary>
    public SdpDirection GetEffectiveDirection(MediaDescription media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Direction ?? Direction ?? SdpDirection.SendRecv;
    }

    public MediaDescription? FindMediaByMid(string mid)
    {
        foreach (MediaDescription media in Media)
        {
            if (string.Equals(media.Mid, mid, StringComparison.Ordinal))
            {
                return media;
            }
        }

        return null;
    }

    /// <summary>
    /// Adds a locally gathered candidate to the section <paramref name="mid"/> (or, when null, to the first
    /// section of the BUNDLE group, which carries the shared transport — RFC 8843 §7.1.3). For non-trickle
    /// use: gather, add, then send the description.
    /// </summary>
    public void AddCandidate(string candidate, string? mid = null)
    {
        MediaDescription target = ResolveTransportSection(mid);
        target.AddCandidate(candidate);
    }

    /// <summary>Marks candidate gathering complete on the section <paramref name="mid"/> (default: BUNDLE-tagged).</summary>
    public void MarkEndOfCandidates(string? mid = null) => ResolveTransportSection(mid).EndOfCandidates = true;

    /// <summary>Parses an SDP text; throws <see cref="SdpParseException"/> with the line number on bad input.</summary>
    public static SessionDescription Parse(string sdp, SdpParserOptions? options = null)
    {
        if (!TryParse(sdp, out SessionDescription? description, out SdpParseError? error, options))
        {
            throw new SdpParseException(error);
        }

        return description;
    }

    /// <summary>Parses an SDP text without throwing; <paramref name="error"/> says which line failed and why.</summary>
    public static bool TryParse(
        string? sdp,
        [NotNullWhen(true)] out SessionDescription? description,
        [NotNullWhen(false)] out SdpParseError? error,
        SdpParserOptions? options = null)
    {
        options ??= SdpParserOptions.Default;
        options.Validate();
        return new SdpReader(options).TryRead(sdp, out description, out error);
    }

    public static bool TryParse(string? sdp, [NotNullWhen(true)] out SessionDescription? description) =>
        TryParse(sdp, out description, out _);

    /// <summary>Parses UTF-8 bytes (an HTTP body); the size cap is checked before decoding.</summary>
    public static bool TryParse(
        ReadOnlySpan<byte> utf8Sdp,
        [NotNullWhen(true)] out SessionDescription? description,
        [NotNullWhen(false)] out SdpParseError? error,
        SdpParserOptions? options = null)
    {
        options ??= SdpParserOptions.Default;
        options.Validate();
        if (utf8Sdp.Length > options.MaxLength)
        {
            description = null;
            error = SdpReader.TooLarge(utf8Sdp.Length, options.MaxLength);
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(utf8Sdp);
        }
        catch (DecoderFallbackException)
        {
            description = null;
            error = new SdpParseError(0, "SDP is not valid UTF-8.");
            return false;
        }

        return new SdpReader(options).TryRead(text, out description, out error);
    }

    /// <summary>The SDP text in RFC 8866 line order with CRLF line endings.</summary>
    public override string ToString() => SdpWriter.Write(this);

    private MediaDescription ResolveTransportSection(string? mid)
    {
        if (mid is not null)
        {
            return FindMediaByMid(mid) ?? throw new ArgumentException($"No media section has mid '{mid}'.", nameof(mid));
        }

        SdpGroup? bundle = BundleGroup;
        if (bundle is not null)
        {
            foreach (string bundled in bundle.Mids)
            {
                MediaDescription? media = FindMediaByMid(bundled);
                if (media is not null && !media.IsRejected)
                {
                    return media;
                }
            }
        }

        foreach (MediaDescription media in Media)
        {
            if (!media.IsRejected)
            {
                return media;
            }
        }

        throw new InvalidOperationException("The description has no accepted media section to carry candidates.");
    }
}
