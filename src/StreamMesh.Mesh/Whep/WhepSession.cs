using StreamMesh.Mesh.Streams;
using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Peer;
using StreamMesh.Rtc.Rtcp;
using StreamMesh.Rtc.Rtp;
using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Codecs;
using StreamMesh.Rtc.Sdp.Negotiation;

namespace StreamMesh.Mesh.Whep;

/// <summary>
/// One WHEP viewer: a peer connection that receives the stream's packets, each rewritten to the
/// payload types and header-extension ids this viewer negotiated, answers its NACKs with RTX from
/// the stream's cache (RFC 4588), passes its PLI/FIR on, and sends it sender reports (RFC 3550 §6.4.1).
/// </summary>
public sealed class WhepSession : IStreamSubscriber, IRtpPacketHandler, IAsyncDisposable
{
    private const int BufferSize = 1500;

    private readonly Lock _sendLock = new();
    private readonly byte[] _sendBuffer = new byte[BufferSize];
    private readonly byte[] _rtxBuffer = new byte[BufferSize];
    private readonly byte[] _originalBuffer = new byte[BufferSize];
    private readonly TrackBinding _video = new();
    private readonly TrackBinding _audio = new();
    private ushort _rtxSequenceNumber = (ushort)Random.Shared.Next(0, 0x8000);
    private int _attached;

    public WhepSession(string id, LiveStream stream, RtcPeerConnection connection)
    {
        Id = id;
        Stream = stream;
        Connection = connection;
        connection.Handler = this;
    }

    public string Id { get; }

    public LiveStream Stream { get; }

    public RtcPeerConnection Connection { get; }

    public string AnswerSdp { get; private set; } = string.Empty;

    public long PacketsSent => Interlocked.Read(ref _video.Packets) + Interlocked.Read(ref _audio.Packets);

    public long RetransmissionsSent { get; private set; }

    public long RetransmissionsMissed { get; private set; }

    public long KeyframeRequestsReceived { get; private set; }

    /// <summary>Fraction of packets the viewer reported lost in its last receiver report (0..1).</summary>
    public double ReportedLoss { get; private set; }

    /// <summary>What the origin offers a WHEP viewer: send-only video in the stream's codec with RTX, send-only Opus.</summary>
    public PeerMediaPlan CreatePlan()
    {
        var videoCodec = Stream.Video.Codec == "VP8" ? RtpCodec.Vp8() : RtpCodec.H264();
        string[] extensions = [AbsSendTimeExtension.Uri, AbsCaptureTimeExtension.Uri];
        var cname = $"streammesh-{Stream.Name}";
        return new PeerMediaPlan
        {
            Video = new LocalMediaSettings { Codecs = [videoCodec], Direction = SdpDirection.SendOnly, HeaderExtensions = extensions, UseRtx = true },
            Audio = new LocalMediaSettings { Codecs = [RtpCodec.Opus()], Direction = SdpDirection.SendOnly, HeaderExtensions = extensions },
            Tracks =
            [
                new LocalTrack { Kind = SdpMediaKind.Video, Ssrc = Stream.Video.Ssrc, RtxSsrc = Stream.Video.RtxSsrc, StreamId = Stream.Name, TrackId = $"{Stream.Name}-video", Cname = cname },
                new LocalTrack { Kind = SdpMediaKind.Audio, Ssrc = Stream.Audio.Ssrc, StreamId = Stream.Name, TrackId = $"{Stream.Name}-audio", Cname = cname },
            ],
        };
    }

    /// <summary>Records the answer and binds each track to what the viewer negotiated.</summary>
    public void Bind(string answerSdp, NegotiatedSession negotiated)
    {
        AnswerSdp = answerSdp;

        // RFC 8843 §9.2: with BUNDLE an extension id means one thing across all m-lines, so an
        // extension parked on an "unused" id must avoid every id of the bundle.
        var bundleIds = negotiated.Media.SelectMany(m => m.HeaderExtensions.Values).Select(v => (byte)v).Distinct().ToArray();
        foreach (var media in negotiated.Media)
        {
            if (media.Rejected || media.Codec is null)
            {
                continue;
            }

            var binding = media.Kind == SdpMediaKind.Video ? _video : media.Kind == SdpMediaKind.Audio ? _audio : null;
            binding?.Bind(media, bundleIds);
        }
    }

    /// <summary>Starts the flow of media: called once the connection is secure.</summary>
    public void Attach()
    {
        if (Interlocked.Exchange(ref _attached, 1) == 0)
        {
            Stream.Attach(this);
        }
    }

    public void SendPacket(MediaKind kind, ReadOnlySpan<byte> rtpPacket)
    {
        var binding = kind == MediaKind.Video ? _video : _audio;
        if (!binding.IsBound || rtpPacket.Length + Connection.RtpOverhead > BufferSize)
        {
            return;
        }

        lock (_sendLock)
        {
            var buffer = _sendBuffer.AsSpan();
            rtpPacket.CopyTo(buffer);
            RtpHeaderRewriter.SetPayloadType(buffer, binding.PayloadType);
            binding.Extensions!.Apply(buffer[..rtpPacket.Length]);
            if (Connection.SendRtp(buffer, rtpPacket.Length))
            {
                binding.Packets++;
                binding.Octets += (uint)(rtpPacket.Length - RtpHeader.FixedLength);
            }
        }
    }

    public void OnRtp(RtcPeerConnection connection, ReadOnlySpan<byte> packet)
    {
        // A WHEP viewer sends no media; nothing to do.
    }

    public void OnRtcp(RtcPeerConnection connection, ReadOnlySpan<byte> compoundPacket)
    {
        foreach (var packet in new RtcpCompoundReader(compoundPacket))
        {
            switch (packet.Kind)
            {
                case RtcpPacketKind.GenericNack when GenericNack.TryParse(packet.Data, out var nack):
                    Retransmit(nack);
                    break;
                case RtcpPacketKind.PictureLossIndication:
                case RtcpPacketKind.FullIntraRequest:
                    KeyframeRequestsReceived++;
                    Stream.RequestKeyframe();
                    break;
                case RtcpPacketKind.ReceiverReport when ReceiverReport.TryParse(packet.Data, out var report):
                    foreach (var block in report.ReportBlocks)
                    {
                        if (block.Ssrc == Stream.Video.Ssrc)
                        {
                            ReportedLoss = block.FractionLost / 256.0;
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>Sends a sender report and SDES per track (RFC 3550 §6.4.1, §6.5) so the viewer can sync audio and video.</summary>
    public void SendReports(DateTimeOffset now)
    {
        Span<byte> buffer = stackalloc byte[256];
        SendReport(buffer, _video, Stream.Video, Stream.VideoClock, now);
        SendReport(buffer, _audio, Stream.Audio, Stream.AudioClock, now);
    }

    public async ValueTask DisposeAsync()
    {
        Stream.Detach(this);
        await Connection.DisposeAsync().ConfigureAwait(false);
    }

    private void SendReport(Span<byte> buffer, TrackBinding binding, StreamTrack track, TrackClock clock, DateTimeOffset now)
    {
        if (!binding.IsBound || !clock.TryGetRtpTimestampAt(now, track.ClockRate, out var rtpTimestamp))
        {
            return;
        }

        var writer = new RtcpCompoundWriter(buffer[..(buffer.Length - 32)]);
        writer.TryAppend(new SenderReport(track.Ssrc, NtpTimestamp.FromDateTimeOffset(now), rtpTimestamp, (uint)Interlocked.Read(ref binding.Packets), binding.Octets));
        writer.TryAppend(new SourceDescription(track.Ssrc, $"streammesh-{Stream.Name}"));
        Connection.SendRtcp(buffer, writer.Length);
    }

    private void Retransmit(GenericNack nack)
    {
        var kind = nack.MediaSsrc == Stream.Video.Ssrc ? MediaKind.Video : nack.MediaSsrc == Stream.Audio.Ssrc ? MediaKind.Audio : (MediaKind?)null;
        if (kind is not { } k)
        {
            return;
        }

        var binding = k == MediaKind.Video ? _video : _audio;
        foreach (var sequenceNumber in nack.LostSequenceNumbers)
        {
            var length = Stream.TryGetRetransmission(k, sequenceNumber, _originalBuffer);
            if (length == 0 || !binding.IsBound)
            {
                RetransmissionsMissed++;
                continue;
            }

            var original = _originalBuffer.AsSpan(0, length);
            RtpHeaderRewriter.SetPayloadType(original, binding.PayloadType);
            binding.Extensions!.Apply(original);

            // RFC 4588 §4: with RTX negotiated the repair goes on its own SSRC and sequence space;
            // without it the original packet is simply sent again.
            if (binding.RtxPayloadType is { } rtxPayloadType && k == MediaKind.Video)
            {
                if (RtxPacket.TryWrap(original, _rtxBuffer, Stream.Video.RtxSsrc, rtxPayloadType, _rtxSequenceNumber++, out var rtxLength)
                    && Connection.SendRtp(_rtxBuffer, rtxLength))
                {
                    RetransmissionsSent++;
                }
            }
            else if (Connection.SendRtp(_originalBuffer, length))
            {
                RetransmissionsSent++;
            }
        }
    }

    /// <summary>How one of our tracks maps onto what the viewer negotiated.</summary>
    private sealed class TrackBinding
    {
        public long Packets;
        public uint Octets;

        public bool IsBound { get; private set; }

        public byte PayloadType { get; private set; }

        public byte? RtxPayloadType { get; private set; }

        public ExtensionIdMap? Extensions { get; private set; }

        public void Bind(NegotiatedMedia media, byte[] bundleIds)
        {
            PayloadType = (byte)media.Codec!.PayloadType;
            RtxPayloadType = media.RtxPayloadType is { } rtx ? (byte)rtx : null;
            var negotiated = new Dictionary<byte, byte>();
            if (media.GetExtensionId(AbsSendTimeExtension.Uri) is { } sendTimeId)
            {
                negotiated[StreamTrack.AbsSendTimeId] = (byte)sendTimeId;
            }

            if (media.GetExtensionId(AbsCaptureTimeExtension.Uri) is { } captureTimeId)
            {
                negotiated[StreamTrack.AbsCaptureTimeId] = (byte)captureTimeId;
            }

            Extensions = new ExtensionIdMap(negotiated, bundleIds);
            IsBound = true;
        }
    }
}
