namespace StreamMesh.Media.Payload.H264;

/// <summary>Inspection of H.264 access units in Annex B format.</summary>
public static class H264AccessUnit
{
    /// <summary>Reads the type from a NAL unit header byte (H.264 §7.3.1: forbidden_zero_bit, nal_ref_idc, nal_unit_type).</summary>
    public static H264NalUnitType TypeOf(byte nalHeader) => (H264NalUnitType)(nalHeader & 0x1F);

    /// <summary>True when the access unit contains an IDR slice (NAL type 5) and so starts a decodable sequence.</summary>
    public static bool IsKeyframe(ReadOnlySpan<byte> annexB)
    {
        var reader = new AnnexBReader(annexB);
        while (reader.TryReadNext(out ReadOnlySpan<byte> nal))
        {
            if (TypeOf(nal[0]) == H264NalUnitType.IdrSlice)
            {
                return true;
            }
        }

        return false;
    }
}
