using System.Buffers.Binary;
using StreamMesh.Mesh.Streams;
using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Net;
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
public sealed class WhepSession : IBatchedStreamSubscriber, IRtpPacketHandler, IAsyncDisposable
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

    public void SendPacket(MediaKind kind, ReadOnlySpan<byte> rtpPacket) => SendPacket(kind, rtpPacket, 0, null);

    /// <summary>
    /// The send worker's path: the shared packet is copied once into the worker's batch slot (or,
    /// inline, this session's buffer), rewritten for this viewer, protected in place and queued for
    /// the worker's next sendmmsg.
    /// </summary>
    public void SendPacket(MediaKind kind, ReadOnlySpan<byte> rtpPacket, ushort sequenceShift, UdpDatagramBatch? batch)
    {
        var binding = kind == MediaKind.Video ? _video : _audio;
        if (!binding.IsBound)
        {
            return;
        }

        lock (_sendLock)
        {
            var buffer = batch is null ? _sendBuffer.AsSpan() : Connection.ReserveRtp(batch);
            if (rtpPacket.Length + Connection.RtpOverhead > buffer.Length)
            {
                return;
            }

            rtpPacket.CopyTo(buffer);
            binding.Rewrite(buffer[..rtpPacket.Length], sequenceShift);
            var sent = batch is null ? Connection.SendRtp(buffer, rtpPacket.Length) : Connection.SendRtp(batch, rtpPacket.Length);
            if (sent)
            {
                binding.Count(rtpPacket.Length);
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
            // The viewer NACKs in its own (shifted) sequence space; map back to the stream's.
            var streamSequence = sequenceNumber;
            var length = binding.IsBound && binding.TryMapToStream(sequenceNumber, out streamSequence)
                ? Stream.TryGetRetransmission(k, streamSequence, _originalBuffer)
                : 0;
            if (length == 0)
            {
                RetransmissionsMissed++;
                continue;
            }

            var original = _originalBuffer.AsSpan(0, length);
            binding.Rewrite(original, (ushort)(streamSequence - sequenceNumber), forRetransmission: true);

            // RFC 4588 §4: with RTX negotiated the repair goes on its own SSRC and sequence space;
            // without it (audio: the plan offers no RTX for Opus) the original packet is simply sent
            // again, under the sequence number the viewer knows it by.
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
        private readonly ViewerSequenceMap _sent = new();

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

        /// <summary>Payload type, extension ids and (for a viewer that skipped packets) sequence number, in place.</summary>
        public void Rewrite(Span<byte> packet, ushort sequenceShift, bool forRetransmission = false)
        {
            RtpHeaderRewriter.SetPayloadType(packet, PayloadType);
            Extensions!.Apply(packet);
            var sequence = unchecked((ushort)(BinaryPrimitives.ReadUInt16BigEndian(packet[2..]) - sequenceShift));
            if (sequenceShift != 0)
            {
                RtpHeaderRewriter.SetSequenceNumber(packet, sequence);
            }

            if (!forRetransmission)
            {
                _sent.NoteSent(sequence, sequenceShift);
            }
        }

        /// <summary>The stream sequence number behind a viewer-side one; false for one sent before the current shift.</summary>
        public bool TryMapToStream(ushort viewerSequence, out ushort streamSequence) => _sent.TryMapToStream(viewerSequence, out streamSequence);

        public void Count(int length)
        {
            Volatile.Write(ref Packets, Packets + 1);
            Octets += (uint)(length - RtpHeader.FixedLength);
        }
    }
}
