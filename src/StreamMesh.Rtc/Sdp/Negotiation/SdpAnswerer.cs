using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamMesh.Rtc.Sdp.Codecs;

namespace StreamMesh.Rtc.Sdp.Negotiation;

/// <summary>
/// Answers a browser's offer (JSEP initial answer, RFC 8829 §5.3.1): one BUNDLE transport with rtcp-mux,
/// one codec (plus its RTX) per accepted m= section using the offerer's payload types and extmap ids, and
/// port 0 for sections it cannot serve. Also returns the <see cref="NegotiatedSession"/> the transport and
/// media layers run with. Stateless between calls and safe to share across threads once constructed.
/// </summary>
public sealed class SdpAnswerer
{
    private readonly SdpAnswerOptions _options;
    private readonly ILogger _logger;

    public SdpAnswerer(SdpAnswerOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Builds the answer; throws <see cref="SdpNegotiationException"/> when the offer cannot be answered.</summary>
    public SdpAnswer CreateAnswer(SessionDescription offer) =>
        TryCreateAnswer(offer, out SdpAnswer? answer, out SdpNegotiationFailure? failure)
            ? answer
            : throw new SdpNegotiationException(failure);

    /// <summary>Builds the answer without throwing for offers that cannot be answered.</summary>
    public bool TryCreateAnswer(
        SessionDescription offer,
        [NotNullWhen(true)] out SdpAnswer? answer,
        [NotNullWhen(false)] out SdpNegotiationFailure? failure)
    {
        ArgumentNullException.ThrowIfNull(offer);
        failure = Answer(offer, out SdpAnswer? built);
        if (failure is not null)
        {
            NegotiationLog.NegotiationFailed(_logger, failure.Error, failure.Message);
            answer = null;
            return false;
        }

        answer = built!;
        return true;
    }

    private SdpNegotiationFailure? Answer(SessionDescription offer, out SdpAnswer? answer)
    {
        answer = null;
        // RFC 8843: one transport for everything. Browsers always offer BUNDLE, so its absence means a
        // client StreamMesh does not serve rather than something to fall back from.
        SdpGroup? bundle = offer.BundleGroup;
        if (bundle is null || bundle.Mids.Count == 0)
        {
            return new SdpNegotiationFailure(SdpNegotiationError.BundleRequired, "The offer has no a=group:BUNDLE; all media must share one transport (RFC 8843).");
        }

        var plans = new List<AnswerSectionPlan>(offer.Media.Count);
        for (int i = 0; i < offer.Media.Count; i++)
        {
            AnswerSectionPlan plan = AnswerSectionPlan.Evaluate(i, offer.Media[i], offer, bundle, _options);
            if (plan.Accepted && !plan.Offered.RtcpMux)
            {
                return new SdpNegotiationFailure(
                    SdpNegotiationError.RtcpMuxRequired,
                    $"m-line {i} (mid {plan.Offered.Mid}) has no a=rtcp-mux; RTP and RTCP must share the transport (RFC 5761, RFC 8829 §4.1.1).");
            }

            if (!plan.Accepted)
            {
                NegotiationLog.SectionRejected(_logger, i, plan.Offered.Mid, plan.RejectionReason!);
            }

            plans.Add(plan);
        }

        AssignTracks(plans);

        // RFC 8843 §7.3.1 (RFC 9143 §7.3.1): the tagged section is the first mid of the offered group that is
        // accepted and has a non-zero port. A bundle-only section (port 0) carries no transport of its own (Firefox
        // puts candidates only in its tagged section), so it can never become the tagged one; and it cannot be
        // moved out of the group either (§7.3.2), so without a taggable section the offer cannot be answered.
        AnswerSectionPlan? tagged = null;
        foreach (string mid in bundle.Mids)
        {
            tagged = plans.Find(p => p.Accepted && p.Offered.Port != 0 && string.Equals(p.Offered.Mid, mid, StringComparison.Ordinal));
            if (tagged is not null)
            {
                break;
            }
        }

        if (tagged is null)
        {
            string reasons = string.Join("; ", plans.Select(p => $"m-line {p.Index}: {p.RejectionReason ?? "bundle-only, and no offered section that carries the transport was accepted"}"));
            return new SdpNegotiationFailure(SdpNegotiationError.NoAcceptableMedia, $"No m-line can be accepted ({reasons}).");
        }

        if (!RemoteTransport.TryRead(offer, tagged.Offered, out RemoteTransport? remote, out SdpNegotiationFailure? failure))
        {
            return failure;
        }

        if (!TryChooseSetup(remote.Setup, out SdpSetupRole setup, out failure))
        {
            return failure;
        }

        answer = BuildAnswer(plans, tagged, remote, setup);
        NegotiationLog.AnswerCreated(_logger, answer.Session.BundleMids.Count, plans.Count - answer.Session.BundleMids.Count, setup);
        return null;
    }

    /// <summary>
    /// RFC 5763 §5 / RFC 8842 §5.3: actpass lets us pick (the caller's choice); active forces passive and
    /// passive forces active. A missing attribute in an offer means active (RFC 4145 §4).
    /// </summary>
    private bool TryChooseSetup(SdpSetupRole? offered, out SdpSetupRole setup, [NotNullWhen(false)] out SdpNegotiationFailure? failure)
    {
        failure = null;
        switch (offered ?? SdpSetupRole.Active)
        {
            case SdpSetupRole.ActPass:
                setup = _options.SetupRole;
                return true;
            case SdpSetupRole.Active:
                setup = SdpSetupRole.Passive;
                return true;
            case SdpSetupRole.Passive:
                setup = SdpSetupRole.Active;
                return true;
            default:
                setup = default;
                failure = new SdpNegotiationFailure(SdpNegotiationError.InvalidSetupRole, "The offer says a=setup:holdconn; no DTLS connection can be set up (RFC 4145 §4).");
                return false;
        }
    }

    /// <summary>Tracks bound to a mid first, then the first unused track of the section's kind, in m-line order.</summary>
    private void AssignTracks(List<AnswerSectionPlan> plans)
    {
        var used = new HashSet<LocalTrack>();
        foreach (AnswerSectionPlan plan in plans)
        {
            if (plan.Accepted && plan.Direction.Sends())
            {
                LocalTrack? bound = _options.Tracks.FirstOrDefault(t => t.Mid is not null && t.Mid == plan.Offered.Mid && t.Kind == plan.Offered.Kind);
                if (bound is not null && used.Add(bound))
                {
                    plan.Track = bound;
                }
            }
        }

        foreach (AnswerSectionPlan plan in plans)
        {
            if (!plan.Accepted || !plan.Direction.Sends() || plan.Track is not null)
            {
                continue;
            }

            LocalTrack? free = _options.Tracks.FirstOrDefault(t => t.Mid is null && t.Kind == plan.Offered.Kind && !used.Contains(t));
            if (free is not null)
            {
                used.Add(free);
                plan.Track = free;
            }
            else
            {
                plan.Direction = SdpDirectionExtensions.FromFlags(sends: false, plan.Direction.Receives());
                NegotiationLog.NoTrackToSend(_logger, plan.Offered.Kind, plan.Index, plan.Offered.Mid, plan.Direction);
            }
        }
    }

    private SdpAnswer BuildAnswer(List<AnswerSectionPlan> plans, AnswerSectionPlan tagged, RemoteTransport remote, SdpSetupRole setup)
    {
        LocalTransportParameters transport = _options.Transport;
        SessionDescription answer = MediaSectionWriter.CreateSession(_options.SessionId, _options.SessionVersion);

        // Answerer tag first (RFC 8843 §7.3.1); it is also the first accepted mid in offer order.
        var bundleMids = new List<string>();
        foreach (AnswerSectionPlan plan in plans)
        {
            if (plan.Accepted)
            {
                bundleMids.Add(plan.Offered.Mid!);
            }
        }

        answer.Attributes.Add(SdpAttributeNames.Group, new SdpGroup(SdpGroup.Bundle, bundleMids).ToString());
        answer.IceLite = transport.IceLite;

        // RFC 8829 §5.3.1: ice-options only if the offer had them.
        var iceOptions = transport.IceOptions.Where(o => remote.IceOptions.Contains(o, StringComparer.Ordinal)).ToList();
        if (iceOptions.Count > 0)
        {
            answer.Attributes.Add(SdpAttributeNames.IceOptions, string.Join(' ', iceOptions));
        }

        MediaSectionWriter.WriteMsidSemantic(answer, plans.Where(p => p.Track is not null).Select(p => p.Track!));

        var negotiated = new List<NegotiatedMedia>(plans.Count);
        foreach (AnswerSectionPlan plan in plans)
        {
            if (!plan.Accepted)
            {
                answer.Media.Add(WriteRejected(plan.Offered));
                negotiated.Add(new NegotiatedMedia
                {
                    Index = plan.Index,
                    Mid = plan.Offered.Mid,
                    Kind = plan.Offered.Kind,
                    Rejected = true,
                    RejectionReason = plan.RejectionReason,
                });
                continue;
            }

            answer.Media.Add(WriteAccepted(plan, setup, ReferenceEquals(plan, tagged), out NegotiatedMedia media));
            negotiated.Add(RemoteSources.Apply(media, plan.Offered));
        }

        var session = new NegotiatedSession
        {
            RemoteIceUfrag = remote.IceUfrag,
            RemoteIcePwd = remote.IcePwd,
            RemoteIceOptions = remote.IceOptions,
            RemoteIceLite = remote.IceLite,
            RemoteCandidates = remote.Candidates,
            RemoteEndOfCandidates = remote.EndOfCandidates,
            RemoteFingerprints = remote.Fingerprints,
            LocalSetup = setup,
            IceControlling = remote.IceLite && !transport.IceLite,
            BundleMids = bundleMids,
            Media = negotiated,
        };
        return new SdpAnswer(answer, session);
    }

    private MediaDescription WriteAccepted(AnswerSectionPlan plan, SdpSetupRole setup, bool isTagged, out NegotiatedMedia negotiated)
    {
        MediaDescription offered = plan.Offered;
        SdpPayloadFormat format = plan.OfferedFormat!;
        FormatParameters answerParameters = plan.AnswerParameters();
        IReadOnlyList<RtcpFeedback> feedback = plan.CommonFeedback();
        IReadOnlyList<SdpExtmap> extensions = plan.CommonExtensions();
        LocalTrack? track = plan.Direction.Sends() ? plan.Track : null;
        bool rtx = plan.OfferedRtx is not null;

        var media = new MediaDescription(offered.MediaType, MediaSectionWriter.DummyPort, offered.Protocol, [])
        {
            Connection = SdpConnection.Unspecified,
        };
        MediaSectionWriter.WriteTransport(media, _options.Transport, setup, isTagged);
        media.Mid = offered.Mid;
        MediaSectionWriter.WriteExtensions(media, extensions);
        media.Direction = plan.Direction;
        MediaSectionWriter.WriteMsid(media, track);
        media.RtcpMux = true;
        media.RtcpReducedSize = offered.RtcpReducedSize;

        // Keep the offerer's spelling of the encoding name and its payload types (RFC 3264 §6.1).
        RtpCodec written = plan.LocalCodec! with { Name = format.EncodingName };
        MediaSectionWriter.WriteCodec(media, format.PayloadType, written, answerParameters, feedback, plan.OfferedRtx?.PayloadType);
        if (track is not null)
        {
            MediaSectionWriter.WriteSources(media, track, rtx);
        }

        var extensionIds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (SdpExtmap extmap in extensions)
        {
            extensionIds.TryAdd(extmap.Uri, extmap.Id);
        }

        negotiated = new NegotiatedMedia
        {
            Index = plan.Index,
            Mid = offered.Mid,
            Kind = offered.Kind,
            Direction = plan.Direction,
            Codec = new NegotiatedCodec
            {
                PayloadType = format.PayloadType,
                Name = format.EncodingName,
                ClockRate = format.ClockRate,
                Channels = format.ChannelCount,
                LocalParameters = answerParameters,
                RemoteParameters = format.Parameters,
                SendProfileLevelId = written.IsNamed(RtpCodecNames.H264)
                    ? H264OfferAnswer.GetSendProfileLevelId(answerParameters, format.Parameters)
                    : null,
            },
            RtxPayloadType = plan.OfferedRtx?.PayloadType,
            RtcpFeedback = feedback.ToFlags(),
            RtcpReducedSize = offered.RtcpReducedSize,
            HeaderExtensions = extensionIds,
            LocalTrack = track,
        };
        return media;
    }

    /// <summary>RFC 3264 §6 / RFC 8843 §7.3.3: port 0, the offered proto and formats, the mid, nothing else.</summary>
    private static MediaDescription WriteRejected(MediaDescription offered)
    {
        var media = new MediaDescription(offered.MediaType, 0, offered.Protocol, offered.Formats)
        {
            Connection = SdpConnection.Unspecified,
        };
        if (offered.Mid is not null)
        {
            media.Mid = offered.Mid;
        }

        return media;
    }
}
