namespace StreamMesh.Mesh.Tree;

/// <summary>
/// Tells from an RTP payload whether the packet starts a keyframe, without depacketizing: a relay
/// needs it to keep its GOP cache, but never decodes media.
/// </summary>
public static class RtpKeyframeProbe
{
    /// <summary>H.264 (RFC 6184): an SPS, or an IDR slice as single NAL, first NAL of a STAP-A, or FU-A with S=1.</summary>
    public static bool IsH264KeyframeStart(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return false;
        }

        var type = payload[0] & 0x1F;
        return type switch
        {
            5 or 7 => true,
            24 => payload.Length > 3 && (payload[3] & 0x1F) is 5 or 7, // STAP-A §5.7.1: first NAL after its 16-bit size
            28 => payload.Length > 1 && (payload[1] & 0x80) != 0 && (payload[1] & 0x1F) == 5, // FU-A §5.8: S bit, IDR
            _ => false,
        };
    }

    /// <summary>VP8 (RFC 7741 §4.2–4.3): first packet of partition 0 (S=1, PID=0) whose payload header has P=0.</summary>
    public static bool IsVp8KeyframeStart(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty || (payload[0] & 0x10) == 0 || (payload[0] & 0x07) != 0)
        {
            return false;
        }

        var offset = 1;
        if ((payload[0] & 0x80) != 0)
        {
            if (payload.Length < 2)
            {
                return false;
            }

            var extension = payload[1];
            offset = 2;
            if ((extension & 0x80) != 0)
            {
                offset += payload.Length > offset && (payload[offset] & 0x80) != 0 ? 2 : 1; // PictureID, M bit
            }

            if ((extension & 0x40) != 0)
            {
                offset++; // TL0PICIDX
            }

            if ((extension & 0x30) != 0)
            {
                offset++; // TID / KEYIDX
            }
        }

        return payload.Length > offset && (payload[offset] & 0x01) == 0;
    }
}
