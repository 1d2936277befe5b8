namespace StreamMesh.Media.Payload.Vp8;

/// <summary>
/// The VP8 payload descriptor of RFC 7741 §4.2, which prefixes every VP8 RTP payload:
/// <code>
///       0 1 2 3 4 5 6 7
///      +-+-+-+-+-+-+-+-+
///      |X|R|N|S|R| PID | (REQUIRED)
///      +-+-+-+-+-+-+-+-+
/// X:   |I|L|T|K| RSV   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// I:   |M| PictureID   | (OPTIONAL, 7 or 15 bits)
///      +-+-+-+-+-+-+-+-+
/// L:   |   TL0PICIDX   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// T/K: |TID|Y| KEYIDX  | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
/// <param name="Size">Length of the descriptor in bytes; the VP8 payload follows it.</param>
/// <param name="IsNonReference">N: the frame can be discarded without affecting other frames.</param>
/// <param name="IsStartOfPartition">S: the payload begins a VP8 partition.</param>
/// <param name="PartitionIndex">PID: the index of the partition the payload starts in (0–7).</param>
/// <param name="PictureId">The PictureID, or -1 when absent.</param>
/// <param name="HasLongPictureId">M: the PictureID has 15 bits rather than 7.</param>
/// <param name="Tl0PicIndex">TL0PICIDX, or -1 when absent.</param>
/// <param name="TemporalLayerId">TID, or -1 when absent.</param>
/// <param name="IsLayerSync">Y: the frame depends only on temporal base-layer frames (meaningful when TID is present).</param>
/// <param name="KeyIndex">KEYIDX, or -1 when absent.</param>
public readonly record struct Vp8PayloadDescriptor(
    int Size,
    bool IsNonReference,
    bool IsStartOfPartition,
    int PartitionIndex,
    int PictureId,
    bool HasLongPictureId,
    int Tl0PicIndex,
    int TemporalLayerId,
    bool IsLayerSync,
    int KeyIndex)
{
    /// <summary>True for the payload that begins a frame: S=1 and PID=0 (RFC 7741 §4.2).</summary>
    public bool IsStartOfFrame => IsStartOfPartition && PartitionIndex == 0;

    /// <summary>Parses a descriptor from the start of an RTP payload; false when it is truncated.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp8PayloadDescriptor descriptor)
    {
        descriptor = default;
        if (payload.IsEmpty)
        {
            return false;
        }

        byte first = payload[0];
        int offset = 1;
        int pictureId = -1;
        bool longPictureId = false;
        int tl0PicIndex = -1;
        int temporalLayerId = -1;
        bool layerSync = false;
        int keyIndex = -1;

        if ((first & 0x80) != 0)
        {
            if (payload.Length < offset + 1)
            {
                return false;
            }

            byte extension = payload[offset++];
            if ((extension & 0x80) != 0)
            {
                if (payload.Length < offset + 1)
                {
                    return false;
                }

                longPictureId = (payload[offset] & 0x80) != 0;
                if (longPictureId)
                {
                    if (payload.Length < offset + 2)
                    {
                        return false;
                    }

                    pictureId = ((payload[offset] & 0x7F) << 8) | payload[offset + 1];
                    offset += 2;
                }
                else
                {
                    pictureId = payload[offset] & 0x7F;
                    offset++;
                }
            }

            if ((extension & 0x40) != 0)
            {
                if (payload.Length < offset + 1)
                {
                    return false;
                }

                tl0PicIndex = payload[offset++];
            }

            bool hasTid = (extension & 0x20) != 0;
            bool hasKeyIndex = (extension & 0x10) != 0;
            if (hasTid || hasKeyIndex)
            {
                if (payload.Length < offset + 1)
                {
                    return false;
                }

                byte layer = payload[offset++];
                if (hasTid)
                {
                    temporalLayerId = layer >> 6;
                    layerSync = (layer & 0x20) != 0;
                }

                if (hasKeyIndex)
                {
                    keyIndex = layer & 0x1F;
                }
            }
        }

        descriptor = new Vp8PayloadDescriptor(
            offset,
            IsNonReference: (first & 0x20) != 0,
            IsStartOfPartition: (first & 0x10) != 0,
            PartitionIndex: first & 0x07,
            pictureId,
            longPictureId,
            tl0PicIndex,
            temporalLayerId,
            layerSync,
            keyIndex);
        return true;
    }
}
