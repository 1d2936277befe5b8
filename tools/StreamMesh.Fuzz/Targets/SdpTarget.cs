using System.Text;
using StreamMesh.Fuzz.Engine;
using StreamMesh.Fuzz.Seeds;
using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Codecs;
using StreamMesh.Rtc.Sdp.Negotiation;

namespace StreamMesh.Fuzz.Targets;

/// <summary>
/// SDP (RFC 8866) as a WHEP/WHIP body: the UTF-8 entry point (and the string one when the bytes are
/// not UTF-8), then the parsed offer is answered by a WHEP-origin <see cref="SdpAnswerer"/> and both
/// descriptions are written back out, as the origin does with every offer it accepts.
/// </summary>
public sealed class SdpTarget : FuzzTarget
{
    private static readonly byte[][] Tokens =
    [
        .. new[]
        {
            "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "m=audio 9 UDP/TLS/RTP/SAVPF 111", "m=video 9 UDP/TLS/RTP/SAVPF 96 97",
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 0.0.0.0", "c=IN IP6 ::1", "a=group:BUNDLE 0 1", "a=mid:", "a=rtpmap:",
            "a=fmtp:", "a=rtcp-fb:", "a=extmap:", "a=ssrc:", "a=ssrc-group:FID ", "a=msid:", "a=setup:actpass", "a=ice-ufrag:", "a=ice-pwd:",
            "a=fingerprint:sha-256 ", "a=candidate:", "a=sendonly", "a=recvonly", "a=inactive", "a=rtcp-mux", "a=rid:", "a=simulcast:",
            "profile-level-id=42e01f", "packetization-mode=1", "apt=", "H264/90000", "VP8/90000", "opus/48000/2", "rtx/90000", "b=AS:",
            "IN", "IP4", "IP6", "typ", "host", "raddr", "rport", "\r\n", "a=", "m=", "=", ":",
        }.Select(Encoding.UTF8.GetBytes),
    ];

    private readonly SdpAnswerer _answerer = new(WhepOrigin());

    public override string Name => "sdp";

    public override string Description => "SessionDescription.TryParse (bytes and string), SdpAnswerer.TryCreateAnswer, SdpWriter";

    public override bool IsText => true;

    public override int MaxInputLength => 16 * 1024;

    public override IReadOnlyList<byte[]> Dictionary => Tokens;

    public override IReadOnlyList<byte[]> CreateSeeds(ulong seed) => SdpSeedGenerator.Create(seed, 400);

    // Parsing builds an object graph; the bound is generous but linear in the input, so anything
    // quadratic (or an amplification from a short input) still stands out.
    public override long AllocationBound(int inputLength) => (256 * 1024) + (400L * inputLength);

    public override int Execute(ReadOnlySpan<byte> input)
    {
        bool parsed = SessionDescription.TryParse(input, out SessionDescription? offer, out SdpParseError? error);
        int outcome = parsed ? 1 : 0;
        if (!parsed && error!.LineNumber == 0)
        {
            // Not UTF-8 (or too large): the string entry point still gets to see the characters.
            outcome |= 2;
            parsed = SessionDescription.TryParse(Encoding.Latin1.GetString(input), out offer);
            outcome |= parsed ? 4 : 0;
        }

        if (!parsed)
        {
            return outcome | (Math.Min(error?.LineNumber ?? 0, 63) << 8);
        }

        outcome |= Math.Min(offer!.Media.Count, 7) << 3;

        // What we accept we must be able to write back and read again unchanged: relays re-serialize.
        string rewritten = offer.ToString();
        if (!SessionDescription.TryParse(rewritten, out SessionDescription? reparsed, out SdpParseError? reparseError))
        {
            throw new InvalidOperationException($"Accepted SDP does not re-parse after writing: {reparseError}");
        }

        if (reparsed.ToString() != rewritten)
        {
            throw new InvalidOperationException("Accepted SDP changes when written, parsed and written again.");
        }

        if (_answerer.TryCreateAnswer(offer, out SdpAnswer? answer, out SdpNegotiationFailure? failure))
        {
            outcome |= 1 << 6;

            // The answer goes back to the browser; it must be SDP we ourselves accept.
            string written = answer.Description.ToString();
            if (!SessionDescription.TryParse(written, out _, out SdpParseError? answerError))
            {
                throw new InvalidOperationException($"Our answer to an accepted offer does not parse: {answerError}");
            }
        }
        else
        {
            outcome |= ((int)failure.Error + 1) << 16;
        }

        return outcome;
    }

    private static SdpAnswerOptions WhepOrigin() => new()
    {
        Transport = new LocalTransportParameters
        {
            IceUfrag = "sMsh",
            IcePwd = "streammeshpassword0123456",
            Fingerprint = "sha-256 0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9:0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9",
        },
        SessionId = "1234567890",
        Audio = LocalMediaSettings.DefaultAudio(SdpDirection.SendOnly),
        Video = LocalMediaSettings.DefaultVideo(SdpDirection.SendOnly) with { Codecs = [RtpCodec.H264(), RtpCodec.Vp8()] },
        Tracks =
        [
            new LocalTrack { Kind = SdpMediaKind.Audio, Ssrc = 1111, StreamId = "stream", TrackId = "audio0", Cname = "origin-cname" },
            new LocalTrack { Kind = SdpMediaKind.Video, Ssrc = 2222, RtxSsrc = 3333, StreamId = "stream", TrackId = "video0", Cname = "origin-cname" },
        ],
    };
}
