using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using StreamMesh.Mesh.Streams;
using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Peer;
using StreamMesh.Rtc.Rtcp;
using StreamMesh.Rtc.Rtp;

namespace StreamMesh.Mesh.Tree;

/// <content>
/// The receive path: a standby keeps the current GOP and publishes nothing; an active link unwraps RTX (RFC 4588 §4),
/// feeds the NACK generator and publishes each packet rewritten into the relay's sequence and timestamp space. Activation
/// happens here, on a received packet, so two parents' packets never interleave.
/// <para>
/// The parent sends each frame to this hop as one UDP_SEGMENT message, so the frame's packets arrive together and the
/// node's receive thread takes them in one burst. Video received in a burst is only queued; the burst's end sends it
/// (<see cref="OnReceiveBurstEnd"/>), so the send workers get the frame in one dispatch and send it to each child as
/// one message. Nothing waits for packets that have not arrived: the burst is what was already in the socket. Reached
/// any other way (no bursts on this receive loop), and for a promoted standby's GOP replay, each packet is sent on at once.
/// </para>
/// </content>
public sealed partial class UpstreamLink
{
    public void OnRtp(RtcPeerConnection connection, ReadOnlySpan<byte> packet)
    {
        if (packet.Length <= _packet.Length)
        {
            packet.CopyTo(_packet);
            OnWritableRtp(connection, _packet.AsSpan(0, packet.Length));
        }
    }

    /// <summary>The decrypted packet, rewritten in place in the socket's buffer and published (one copy, into the stream's shared buffer).</summary>
    public void OnWritableRtp(RtcPeerConnection connection, Span<byte> packet)
    {
        if (_stream is null || packet.Length < RtpHeader.FixedLength || packet.Length > _packet.Length)
        {
            return;
        }

        var count = Interlocked.Increment(ref _packets);
        var now = _time.GetTimestamp();
        var previousPacketAt = Interlocked.Exchange(ref _lastPacketAt, now);
        if (count > 1 && _time.GetElapsedTime(previousPacketAt, now) > ResumeLogThreshold)
        {
            LogResumed(_logger, _target.Name, (long)_time.GetElapsedTime(previousPacketAt, now).TotalMilliseconds, Volatile.Read(ref _active) != 0);
        }
        if (Volatile.Read(ref _active) == 0)
        {
            if (Volatile.Read(ref _activationRequested) == 0)
            {
                // A standby proves the parent is alive and keeps the current GOP, so a promotion can start with a keyframe.
                _standbyGop.Offer(packet, _videoSsrc, _stream.Video.Codec);
                return;
            }

            // Activation happens here, on the receive path, so the previous link's last packet and this one never interleave.
            ActivateOnReceivePath();
        }

        Forward(packet, _connection.IsInReceiveBurst);
    }

    /// <param name="packet">The packet, rewritten in place.</param>
    /// <param name="holdVideo">Queue video until the receive burst ends instead of sending it on at once.</param>
    private void Forward(Span<byte> packet, bool holdVideo)
    {
        Interlocked.Add(ref _bytes, packet.Length);
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        Span<byte> buffer;
        if (ssrc == _videoRtxSsrc && _videoRtxSsrc != 0)
        {
            if (!RtxPacket.TryUnwrap(packet, _unwrapped, _videoSsrc, _videoPayloadType, out var length))
            {
                return;
            }

            buffer = _unwrapped.AsSpan(0, length);
        }
        else
        {
            buffer = packet;
        }

        if (!RtpPacket.TryParse(buffer, out var parsed))
        {
            return;
        }

        var sequence = parsed.Header.SequenceNumber;
        if (ssrc == _videoSsrc || ssrc == _videoRtxSsrc)
        {
            _videoStatistics?.OnPacket(sequence, parsed.Header.Timestamp);
        }
        else if (ssrc == _audioSsrc)
        {
            _audioStatistics?.OnPacket(sequence, parsed.Header.Timestamp);
        }

        var captureTime = default(NtpTimestamp);
        var hasCaptureTime = _captureTimeId is { } id && parsed.Header.TryGetExtension(id, out var value) && AbsCaptureTimeExtension.TryRead(value, out captureTime, out _);
        if (ssrc == _videoSsrc || ssrc == _videoRtxSsrc)
        {
            // Once per access unit: an IDR whose SPS/PPS come first in a STAP-A (or an IDR in several slices) must not
            // restart the relay's GOP cache at its second packet, or new children get a keyframe they cannot decode.
            _keyframeStarts ??= new KeyframeStartDetector(_stream.Video.Codec);
            var keyframeStart = _keyframeStarts.IsKeyframeStart(parsed.Payload, parsed.Header.Timestamp);
            lock (_feedbackLock)
            {
                _nacks.OnPacket(sequence, keyframeStart);
                if (keyframeStart)
                {
                    _keyframes.OnKeyframeReceived();
                }
            }

            _videoExtensions?.Apply(buffer);
            _video.Rewrite(buffer);
            if (hasCaptureTime)
            {
                _stream.VideoClock.Update(BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]), captureTime.ToDateTimeOffset());
            }

            if (holdVideo)
            {
                _stream.QueueVideo(buffer, keyframeStart);
                _videoQueued = true;
            }
            else
            {
                _stream.PublishVideo(buffer, keyframeStart);
            }
        }
        else if (ssrc == _audioSsrc)
        {
            _audioExtensions?.Apply(buffer);
            _audio.Rewrite(buffer);
            if (hasCaptureTime)
            {
                _stream.AudioClock.Update(BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]), captureTime.ToDateTimeOffset());
            }

            // Sends the video queued before it too, in order.
            _stream.PublishAudio(buffer);
            _videoQueued = false;
        }
    }

    /// <summary>The burst the queued video came in is over: the children get it now, in one dispatch.</summary>
    public void OnReceiveBurstEnd(RtcPeerConnection connection)
    {
        // Also after a deactivation or a dispose during the burst: what was queued must not wait for the next publish.
        if (_videoQueued)
        {
            _videoQueued = false;
            _stream.SendQueued();
        }
    }

    public void OnRtcp(RtcPeerConnection connection, ReadOnlySpan<byte> compoundPacket)
    {
        // A BYE means the parent is leaving on purpose (RFC 3550 §6.6). Its sender reports give LSR/DLSR for our
        // receiver reports (RFC 3550 §6.4.1), so the parent can measure its round trip to this hop. Lip sync needs
        // neither: abs-capture-time carries the wall clock.
        foreach (var packet in new RtcpCompoundReader(compoundPacket))
        {
            if (packet.Kind == RtcpPacketKind.Goodbye && Goodbye.TryParse(packet.Data, out _))
            {
                Volatile.Write(ref _goodbye, 1);
            }
            else if (packet.Kind == RtcpPacketKind.SenderReport && SenderReport.TryParse(packet.Data, out var report))
            {
                var statistics = report.SenderSsrc == _videoSsrc ? _videoStatistics : report.SenderSsrc == _audioSsrc ? _audioStatistics : null;
                statistics?.OnSenderReport(report.NtpTime);
            }
        }
    }

    /// <summary>
    /// Makes this link the one feeding the relay's stream, on its next received packet: the previous link stops, the
    /// rewriters resynchronise so children see one continuous stream, children's keyframe requests go to this parent,
    /// and a standby first replays the GOP it kept (else one keyframe is asked for).
    /// </summary>
    /// <param name="previous">The link this one replaces; it stops publishing at the same moment.</param>
    public void RequestActivation(UpstreamLink? previous)
    {
        _previous = previous;
        Volatile.Write(ref _activationRequested, 1);
    }

    private void ActivateOnReceivePath()
    {
        if (Interlocked.Exchange(ref _active, 1) != 0)
        {
            return;
        }

        Interlocked.Exchange(ref _previous, null)?.Deactivate();
        _video.Resync();
        _audio.Resync();
        _stream.KeyframeRequested += OnKeyframeRequested;
        if (!_standbyGop.Replay(this))
        {
            // Nothing decodable buffered: ask the new parent for a keyframe now rather than wait for the next GOP.
            OnKeyframeRequested(_stream);
        }
    }

    /// <summary>Publishes one buffered packet of a promoted standby as if it had just arrived.</summary>
    internal void Replay(ReadOnlySpan<byte> packet)
    {
        if (packet.Length <= _replayPacket.Length)
        {
            packet.CopyTo(_replayPacket);
            // Sent on one by one, as before bursts: a GOP (up to 1024 packets) queued whole could overflow a
            // child's queue, which would then skip to the next keyframe.
            Forward(_replayPacket.AsSpan(0, packet.Length), holdVideo: false);
        }
    }

    /// <summary>Stops publishing (the next parent took over); the connection stays until disposed.</summary>
    public void Deactivate()
    {
        if (Interlocked.Exchange(ref _active, 0) != 0)
        {
            _stream.KeyframeRequested -= OnKeyframeRequested;
        }
    }

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Stream {Stream}: media from the parent resumed after {GapMs} ms (active {Active})")]
    private static partial void LogResumed(ILogger logger, string stream, long gapMs, bool active);
}
