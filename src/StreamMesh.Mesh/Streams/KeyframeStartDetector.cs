using System.Buffers.Binary;
using StreamMesh.Media.Payload.Vp8;

namespace StreamMesh.Mesh.Streams;

/// <summary>
/// Finds the first RTP packet of each keyframe in a forwarded H.264 or VP8 stream, from the payload alone, so the
/// live stream can restart its cached GOP there and a switch of source starts on a decodable picture. A keyframe
/// is flagged once per RTP timestamp: an access unit whose SPS travels in a STAP-A and whose IDR slice follows
/// in FU-A fragments is one keyframe, starting at the STAP-A. Malformed payloads are simply not keyframes.
/// One instance per forwarded track, used from one thread.
/// </summary>
public sealed class KeyframeStartDetector
{
    private const int StapA = 24;
    private const int FuA = 28;
    private const int IdrSlice = 5;
    private const int SequenceParameterSet = 7;

    private readonly bool _vp8;
    private uint _lastKeyframeTimestamp;
    private bool _any;

    /// <param name="codec">"H264" or "VP8" (RTP encoding name, case-insensitive).</param>
    public KeyframeStartDetector(string codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        _vp8 = codec.Equals("VP8", StringComparison.OrdinalIgnoreCase);
        if (!_vp8 && !codec.Equals("H264", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"no keyframe detection for codec '{codec}'", nameof(codec));
        }
    }

    /// <summary>True when <paramref name="payload"/> is the first packet seen of a keyframe with this timestamp.</summary>
    public bool IsKeyframeStart(ReadOnlySpan<byte> payload, uint rtpTimestamp)
    {
        if (!(_vp8 ? IsVp8Keyframe(payload) : IsH264Keyframe(payload)))
        {
            return false;
        }

        if (_any && _lastKeyframeTimestamp == rtpTimestamp)
        {
            return false;
        }

        _any = true;
        _lastKeyframeTimestamp = rtpTimestamp;
        return true;
    }

    /// <summary>True for a payload carrying an SPS or an IDR slice, or beginning a fragmented IDR slice.</summary>
    public static bool IsH264Keyframe(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return false;
        }

        var type = payload[0] & 0x1F;
        switch (type)
        {
            case IdrSlice or SequenceParameterSet:
                return true;
            case StapA:
                // RFC 6184 §5.7.1: after the STAP-A header, each unit is a 16-bit size and the NAL unit.
                var offset = 1;
                while (offset + 3 <= payload.Length)
                {
                    var size = BinaryPrimitives.ReadUInt16BigEndian(payload[offset..]);
                    var inner = payload[offset + 2] & 0x1F;
                    if (size > 0 && inner is IdrSlice or SequenceParameterSet)
                    {
                        return true;
                    }

                    offset += 2 + size;
                }

                return false;
            case FuA:
                // RFC 6184 §5.8: the FU header's S bit marks the first fragment; its type is the fragmented unit's.
                return payload.Length >= 2 && (payload[1] & 0x80) != 0 && (payload[1] & 0x1F) == IdrSlice;
            default:
                return false;
        }
    }

    /// <summary>True for the first packet of a VP8 key frame (RFC 7741 §4.3: S=1, PID=0, and P=0 in the payload header).</summary>
    public static bool IsVp8Keyframe(ReadOnlySpan<byte> payload)
    {
        return Vp8PayloadDescriptor.TryParse(payload, out var descriptor)
            && descriptor.IsStartOfFrame
            && descriptor.Size < payload.Length
            && (payload[descriptor.Size] & 0x01) == 0;
    }
}
