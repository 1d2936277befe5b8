namespace StreamMesh.Media.Payload;

/// <summary>
/// Reassembles frames from RTP payloads. Packets must be pushed in sequence order (after a jitter
/// buffer, if any); a late packet is ignored and a gap drops the affected frame. Implementations are
/// not thread-safe: push from one thread; <see cref="Statistics"/> is a snapshot for that thread.
/// </summary>
public interface IRtpDepayloader
{
    /// <summary>
    /// True while the receiver cannot decode until the next keyframe (at start and after loss);
    /// the owner should send a PLI (rate-limited) while this is set.
    /// </summary>
    bool NeedsKeyframe { get; }

    /// <summary>Counters since creation or the last <see cref="Reset"/>.</summary>
    DepayloaderStatistics Statistics { get; }

    /// <summary>Pushes one received RTP packet's payload and header fields.</summary>
    /// <param name="payload">The RTP payload (after header, extensions and padding are removed).</param>
    /// <param name="marker">The RTP marker bit.</param>
    /// <param name="sequenceNumber">The RTP sequence number.</param>
    /// <param name="timestamp">The RTP timestamp.</param>
    /// <param name="frame">When <see cref="DepayloadStatus.FrameReady"/> is returned, the complete frame; valid until the next call.</param>
    /// <returns>What happened to the packet. Never throws on malformed input.</returns>
    DepayloadStatus Push(ReadOnlySpan<byte> payload, bool marker, ushort sequenceNumber, uint timestamp, out DepayloadedFrame frame);

    /// <summary>Forgets all state and counters (e.g. when the remote SSRC changes).</summary>
    void Reset();
}
