using System.Buffers.Binary;
using StreamMesh.Rtc.Rtp;

namespace StreamMesh.Mesh.Tree;

/// <summary>
/// Maps one upstream track onto the continuous sequence-number and timestamp space a relay's
/// children see. When the upstream source changes (a new parent, another origin), the offsets are
/// recomputed on its first packet so the child's stream simply continues: sequence numbers follow
/// on by one and the timestamp advances by the wall-clock time that passed (RFC 3550 §5.1 allows a
/// translator to do this; the children never renegotiate and need only the next keyframe).
/// Used from one thread (the socket's receive loop).
/// </summary>
public sealed class RtpStreamRewriter(uint ssrc, byte payloadType, int clockRate, TimeProvider time)
{
    private ushort _sequenceOffset;
    private uint _timestampOffset;
    private bool _synced;
    private bool _anySent;
    private ushort _lastSequence;
    private uint _lastTimestamp;
    private long _lastSentAt;
    private uint? _upstreamSsrc;

    public uint Ssrc { get; } = ssrc;

    /// <summary>How many times the upstream source changed under this track.</summary>
    public int SourceChanges { get; private set; }

    /// <summary>Forgets the current upstream: the next packet, from whichever source, re-anchors the offsets.</summary>
    public void Resync() => _synced = false;

    /// <summary>Rewrites SSRC, payload type, sequence number and timestamp of <paramref name="packet"/> in place.</summary>
    public void Rewrite(Span<byte> packet)
    {
        var upstreamSsrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        var sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        var timestamp = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        if (!_synced || _upstreamSsrc != upstreamSsrc)
        {
            Anchor(sequence, timestamp);
            _upstreamSsrc = upstreamSsrc;
        }

        var outSequence = unchecked((ushort)(sequence + _sequenceOffset));
        var outTimestamp = unchecked(timestamp + _timestampOffset);
        RtpHeaderRewriter.SetSsrc(packet, Ssrc);
        RtpHeaderRewriter.SetPayloadType(packet, payloadType);
        RtpHeaderRewriter.SetSequenceNumber(packet, outSequence);
        RtpHeaderRewriter.SetTimestamp(packet, outTimestamp);

        // Only in-order packets move the "last sent" anchor; retransmissions fill in behind it.
        if (!_anySent || unchecked((short)(outSequence - _lastSequence)) > 0)
        {
            _lastSequence = outSequence;
            _lastTimestamp = outTimestamp;
            _lastSentAt = time.GetTimestamp();
            _anySent = true;
        }
    }

    private void Anchor(ushort sequence, uint timestamp)
    {
        if (_anySent)
        {
            var elapsed = time.GetElapsedTime(_lastSentAt);
            var advance = (uint)Math.Max(1, elapsed.TotalSeconds * clockRate);
            _sequenceOffset = unchecked((ushort)(_lastSequence + 1 - sequence));
            _timestampOffset = unchecked(_lastTimestamp + advance - timestamp);
            SourceChanges++;
        }
        else
        {
            _sequenceOffset = 0;
            _timestampOffset = 0;
        }

        _synced = true;
    }
}
