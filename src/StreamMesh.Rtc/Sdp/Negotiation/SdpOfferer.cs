using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamMesh.Rtc.Sdp.Codecs;

namespace StreamMesh.Rtc.Sdp.Negotiation;

/// <summary>
/// Builds a JSEP offer (RFC 8829 §5.2.1) — setup:actpass, one BUNDLE group, rtcp-mux, our codecs with
/// payload types and extmap ids we choose — and turns the peer's answer into a <see cref="NegotiatedSession"/>
/// of the same shape <see cref="SdpAnswerer"/> produces. One instance per offer/answer exchange; not thread-safe.
/// </summary>
public sealed class SdpOfferer
{
    private const string Protocol = "UDP/TLS/RTP/SAVPF";
    private const int MaxOneByteExtensionId = 14;

    private readonly SdpOfferOptions _options;
    private readonly ILogger _logger;
    private readonly string _sessionId;
    private readonly List<OfferedSection> _sections = [];
    private ulong _version;

    public SdpOfferer(SdpOfferOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _sessionId = options.SessionId ?? NegotiationOptionChecks.NewSessionId();
        _version = options.SessionVersion;
        PlanSections();
    }

    /// <summary>The last offer from <see cref="CreateOffer"/>, which <see cref="ApplyAnswer"/> interprets the answer against.</summary>
    public SessionDescription? LocalOffer { get; private set; }

    /// <summary>
    /// Builds the offer. Calling again rebuilds it with the next session version (RFC 8829 §5.2.2), e.g.
    /// after candidates were gathered.
    /// </summary>
    public SessionDescription CreateOffer()
    {
        ulong version = LocalOffer is null ? _version : ++_version;
        SessionDescription offer = MediaSectionWriter.CreateSession(_sessionId, version);
        LocalTransportParameters transport = _options.Transport;
        offer.Attributes.Add(SdpAttributeNames.Group, new SdpGroup(SdpGroup.Bundle, _sections.Select(s => s.Mid).ToList()).ToString());
        offer.IceLite = transport.IceLite;
        if (transport.IceOptions.Count > 0)
        {
            offer.Attributes.Add(SdpAttributeNames.IceOptions, string.Join(' ', transport.IceOptions));
        }

        MediaSectionWriter.WriteMsidSemantic(offer, _sections.Where(s => s.Track is not null).Select(s => s.Track!));
        for (int i = 0; i < _sections.Count; i++)
        {
            OfferedSection section = _sections[i];
            var media = new MediaDescription(section.MediaType, MediaSectionWriter.DummyPort, Protocol, [])
            {
                Connection = SdpConnection.Unspecified,
            };

            // RFC 8843 §7.2.1: the first section is the suggested tagged one; it alone carries candidates.
            MediaSectionWriter.WriteTransport(media, transport, SdpSetupRole.ActPass, carriesCandidates: i == 0);
            media.Mid = section.Mid;
            MediaSectionWriter.WriteExtensions(media, section.Extmaps);
            media.Direction = section.Settings.Direction;
            MediaSectionWriter.WriteMsid(media, section.Track);
            media.RtcpMux = true;
            media.RtcpReducedSize = true;
            foreach ((int payloadType, RtpCodec codec, int? rtx) in section.Codecs)
            {
                MediaSectionWriter.WriteCodec(media, payloadType, codec, codec.Parameters, codec.RtcpFeedback, rtx);
            }

            if (section.Track is not null)
            {
                MediaSectionWriter.WriteSources(media, section.Track, section.Settings.UseRtx);
            }

            offer.Media.Add(media);
        }

        LocalOffer = offer;
        NegotiationLog.OfferCreated(_logger, _sections.Count);
        return offer;
    }

    /// <summary>Applies the peer's answer; throws <see cref="SdpNegotiationException"/> if it does not fit the offer.</summary>
    public NegotiatedSession ApplyAnswer(SessionDescription answer) =>
        TryApplyAnswer(answer, out NegotiatedSession? session, out SdpNegotiationFailure? failure)
            ? session
            : throw new SdpNegotiationException(failure);

    public bool TryApplyAnswer(
        SessionDescription answer,
        [NotNullWhen(true)] out NegotiatedSession? session,
        [NotNullWhen(false)] out SdpNegotiationFailure? failure)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (LocalOffer is null)
        {
            throw new InvalidOperationException("CreateOffer must be called before an answer can be applied.");
        }

        failure = Apply(answer, out NegotiatedSession? built);
        if (failure is not null)
        {
            NegotiationLog.NegotiationFailed(_logger, failure.Error, failure.Message);
            session = null;
            return false;
        }

        session = built!;
        NegotiationLog.AnswerApplied(_logger, session.BundleMids.Count, session.LocalDtlsRole);
        return true;
    }

    private SdpNegotiationFailure? Apply(SessionDescription answer, out NegotiatedSession? session)
    {
        session = null;
        if (answer.Media.Count != _sections.Count)
        {
            return Mismatch($"the answer has {answer.Media.Count} m-lines but the offer had {_sections.Count} (RFC 3264 §6)");
        }

        for (int i = 0; i < _sections.Count; i++)
        {
            MediaDescription answered = answer.Media[i];
            if (answered.MediaType != _sections[i].MediaType || (answered.Mid is not null && answered.Mid != _sections[i].Mid))
            {
                return Mismatch($"answer m-line {i} is {answered.MediaType} mid {answered.Mid} but the offer had {_sections[i].MediaType} mid {_sections[i].Mid}");
            }
        }

        SdpGroup? bundle = answer.BundleGroup;
        if (bundle is null || bundle.Mids.Count == 0)
        {
            return new SdpNegotiationFailure(SdpNegotiationError.BundleRequired, "The answer has no a=group:BUNDLE; all media must share one transport (RFC 8843).");
        }

        string? stranger = bundle.Mids.FirstOrDefault(mid => !_sections.Any(s => s.Mid == mid));
        if (stranger is not null)
        {
            return Mismatch($"the answer bundles mid {stranger}, which the offer did not have (RFC 8843 §7.3)");
        }

        // RFC 8843 §7.4: the answerer's BUNDLE-tag (first accepted mid of its group) carries the transport.
        int taggedIndex = -1;
        foreach (string mid in bundle.Mids)
        {
            taggedIndex = _sections.FindIndex(s => s.Mid == mid);
            if (!answer.Media[taggedIndex].IsRejected)
            {
                break;
            }

            taggedIndex = -1;
        }

        if (taggedIndex < 0)
        {
            return new SdpNegotiationFailure(SdpNegotiationError.NoAcceptableMedia, "The answer rejected every m-line.");
        }

        if (!RemoteTransport.TryRead(answer, answer.Media[taggedIndex], out RemoteTransport? remote, out SdpNegotiationFailure? failure))
        {
            return failure;
        }

        // RFC 5763 §5: the answer must pick active or passive; absent means passive (RFC 4145 §4).
        SdpSetupRole localSetup;
        switch (remote.Setup ?? SdpSetupRole.Passive)
        {
            case SdpSetupRole.Active:
                localSetup = SdpSetupRole.Passive;
                break;
            case SdpSetupRole.Passive:
                localSetup = SdpSetupRole.Active;
                break;
            default:
                return new SdpNegotiationFailure(
                    SdpNegotiationError.InvalidSetupRole,
                    $"The answer says a=setup:{remote.Setup!.Value.ToAttributeValue()}; an answer must be active or passive (RFC 5763 §5).");
        }

        var media = new List<NegotiatedMedia>(_sections.Count);
        var bundleMids = new List<string>();
        for (int i = 0; i < _sections.Count; i++)
        {
            failure = ApplySection(i, answer, bundle, out NegotiatedMedia negotiated);
            if (failure is not null)
            {
                return failure;
            }

            if (!negotiated.Rejected)
            {
                bundleMids.Add(_sections[i].Mid);
            }
            else
            {
                NegotiationLog.SectionRejected(_logger, i, _sections[i].Mid, negotiated.RejectionReason!);
            }

            media.Add(negotiated);
        }

        if (bundleMids.Count == 0)
        {
            return new SdpNegotiationFailure(SdpNegotiationError.NoAcceptableMedia, "No answered m-line has a codec we offered.");
        }

        // Keep the answerer's tag first.
        string taggedMid = _sections[taggedIndex].Mid;
        if (bundleMids.Remove(taggedMid))
        {
            bundleMids.Insert(0, taggedMid);
        }

        session = new NegotiatedSession
        {
            RemoteIceUfrag = remote.IceUfrag,
            RemoteIcePwd = remote.IcePwd,
            RemoteIceOptions = remote.IceOptions,
            RemoteIceLite = remote.IceLite,
            RemoteCandidates = remote.Candidates,
            RemoteEndOfCandidates = remote.EndOfCandidates,
            RemoteFingerprints = remote.Fingerprints,
            LocalSetup = localSetup,
            // RFC 8445 §6.1.1: the offerer controls unless it is lite and the answerer is full.
            IceControlling = !(_options.Transport.IceLite && !remote.IceLite),
            BundleMids = bundleMids,
            Media = media,
        };
        return null;
    }

    private SdpNegotiationFailure? ApplySection(int index, SessionDescription answer, SdpGroup bundle, out NegotiatedMedia negotiated)
    {
        OfferedSection section = _sections[index];
        MediaDescription answered = answer.Media[index];
        NegotiatedMedia Rejected(string reason) => new()
        {
            Index = index,
            Mid = section.Mid,
            Kind = section.Kind,
            Rejected = true,
            RejectionReason = reason,
        };

        if (answered.IsRejected)
        {
            negotiated = Rejected("the answerer rejected it (port 0)");
            return null;
        }

        if (!bundle.Contains(section.Mid))
        {
            negotiated = Rejected("the answerer moved it out of the BUNDLE group; only one transport is supported");
            return null;
        }

        if (!answered.RtcpMux)
        {
            negotiated = Rejected(string.Empty);
            return new SdpNegotiationFailure(SdpNegotiationError.RtcpMuxRequired, $"Answer m-line {index} (mid {section.Mid}) has no a=rtcp-mux (RFC 5761 §5.1.1).");
        }

        // RFC 3264 §6.1 / RFC 8829 §5.10: we send with the first format of the answer that we offered.
        foreach (SdpPayloadFormat format in answered.GetPayloadFormats())
        {
            if (RtpCodecNames.IsAuxiliary(format.EncodingName)
                || section.FindCodec(format.PayloadType) is not { } offered
                || !RtpCodecMatcher.Matches(offered.Codec, format))
            {
                continue;
            }

            negotiated = Accept(index, section, answer, answered, format, offered.Codec, offered.RtxPayloadType);
            return null;
        }

        negotiated = Rejected("the answer names no codec we offered");
        return null;
    }

    private NegotiatedMedia Accept(int index, OfferedSection section, SessionDescription answer, MediaDescription answered, SdpPayloadFormat format, RtpCodec codec, int? offeredRtx)
    {
        int? rtx = null;
        if (offeredRtx is int rtxPt && answered.GetPayloadFormat(rtxPt) is { } rtxFormat
            && rtxFormat.IsNamed(RtpCodecNames.Rtx) && rtxFormat.AssociatedPayloadType == format.PayloadType)
        {
            rtx = rtxPt;
        }

        var feedback = new List<RtcpFeedback>();
        foreach (RtcpFeedback fb in codec.RtcpFeedback)
        {
            if (format.HasFeedback(fb))
            {
                feedback.Add(fb);
            }
        }

        var extensions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (SdpExtmap extmap in answered.Extmaps)
        {
            if (section.Extmaps.Any(e => e.Uri == extmap.Uri))
            {
                extensions.TryAdd(extmap.Uri, extmap.Id);
            }
        }

        SdpDirection direction = answer.GetEffectiveDirection(answered).Reverse().Intersect(section.Settings.Direction);
        var media = new NegotiatedMedia
        {
            Index = index,
            Mid = section.Mid,
            Kind = section.Kind,
            Direction = direction,
            Codec = new NegotiatedCodec
            {
                PayloadType = format.PayloadType,
                Name = codec.Name,
                ClockRate = codec.ClockRate,
                Channels = format.ChannelCount,
                LocalParameters = codec.Parameters,
                RemoteParameters = format.Parameters,
                SendProfileLevelId = codec.IsNamed(RtpCodecNames.H264)
                    ? H264OfferAnswer.GetSendProfileLevelId(codec.Parameters, format.Parameters)
                    : null,
            },
            RtxPayloadType = rtx,
            RtcpFeedback = feedback.ToFlags(),
            RtcpReducedSize = answered.RtcpReducedSize,
            HeaderExtensions = extensions,
            LocalTrack = direction.Sends() ? section.Track : null,
        };
        return RemoteSources.Apply(media, answered);
    }

    private void PlanSections()
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        AddSection(SdpMediaKind.Audio, _options.Audio, ids);
        AddSection(SdpMediaKind.Video, _options.Video, ids);
    }

    /// <summary>One id per URI across the session so bundled sections agree (RFC 8843 §9.1.3), one-byte form (RFC 8285 §4.2).</summary>
    private void AddSection(SdpMediaKind kind, LocalMediaSettings? settings, Dictionary<string, int> ids)
    {
        if (settings is null)
        {
            return;
        }

        LocalTrack? track = settings.Direction.Sends() ? _options.Tracks.FirstOrDefault(t => t.Kind == kind) : null;
        var section = new OfferedSection(kind, SdpNumber.Format(_sections.Count), settings, track);
        foreach (string uri in settings.HeaderExtensions)
        {
            if (!ids.TryGetValue(uri, out int id))
            {
                id = ids.Count + 1;
                if (id > MaxOneByteExtensionId)
                {
                    throw new ArgumentException($"More than {MaxOneByteExtensionId} distinct header extensions cannot use one-byte ids (RFC 8285 §4.2).", nameof(settings));
                }

                ids.Add(uri, id);
            }

            section.Extmaps.Add(new SdpExtmap(id, uri));
        }

        _sections.Add(section);
    }

    private static SdpNegotiationFailure Mismatch(string message) =>
        new(SdpNegotiationError.AnswerMismatch, $"The answer does not match the offer: {message}.");
}
