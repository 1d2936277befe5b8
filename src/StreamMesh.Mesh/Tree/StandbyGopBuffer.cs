using System.Buffers.Binary;
using StreamMesh.Mesh.Streams;
using StreamMesh.Rtc.Rtp;

namespace StreamMesh.Mesh.Tree;

/// <summary>
/// The video packets since the last keyframe start that a standby link received but did not publish. On promotion
/// they are replayed so the children's decoders restart from a keyframe without waiting for the next one (origins
/// encode a keyframe every second or two and do not answer PLI). Bounded; buffers are allocated on first use only.
/// Used from the receive path only.
/// </summary>
internal sealed class StandbyGopBuffer
{
    private const int MaxPackets = 1024;
    private const int PacketSize = 1500;

    private byte[][]? _packets;
    private readonly int[] _lengths = new int[MaxPackets];
    private KeyframeStartDetector? _keyframeStarts;
    private int _count;
    private bool _started;

    /// <summary>Keeps <paramref name="packet"/> when it is primary video; a keyframe start begins a new GOP.</summary>
    public void Offer(ReadOnlySpan<byte> packet, uint videoSsrc, string codec)
    {
        if (videoSsrc == 0 || packet.Length > PacketSize || packet.Length < RtpHeader.FixedLength
            || BinaryPrimitives.ReadUInt32BigEndian(packet[8..]) != videoSsrc)
        {
            return;
        }

        if (!RtpPacket.TryParse(packet, out var parsed))
        {
            return;
        }

        _keyframeStarts ??= new KeyframeStartDetector(codec);
        bool keyframeStart = _keyframeStarts.IsKeyframeStart(parsed.Payload, parsed.Header.Timestamp);
        if (keyframeStart)
        {
            _count = 0;
            _started = true;
        }

        if (!_started)
        {
            return;
        }

        if (_count == MaxPackets)
        {
            // A GOP this long is not worth replaying: wait for the next keyframe.
            _started = false;
            _count = 0;
            return;
        }

        _packets ??= new byte[MaxPackets][];
        byte[] slot = _packets[_count] ??= new byte[PacketSize];
        packet.CopyTo(slot);
        _lengths[_count] = packet.Length;
        _count++;
    }

    /// <summary>Replays the kept GOP into <paramref name="link"/>; false when there was none.</summary>
    public bool Replay(UpstreamLink link)
    {
        if (!_started || _count == 0 || _packets is null)
        {
            return false;
        }

        for (int i = 0; i < _count; i++)
        {
            link.Replay(_packets[i].AsSpan(0, _lengths[i]));
        }

        _count = 0;
        _started = false;
        return true;
    }
}
