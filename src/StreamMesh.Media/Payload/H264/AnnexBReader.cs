namespace StreamMesh.Media.Payload.H264;

/// <summary>
/// Iterates the NAL units of an H.264 Annex B byte stream (ITU-T H.264 Annex B): each NAL unit
/// follows a 3-byte (00 00 01) or 4-byte (00 00 00 01) start code. Bytes before the first start
/// code and trailing zero bytes (the 4-byte start code's zero_byte, trailing_zero_8bits) are not
/// part of any NAL unit. Emulation prevention guarantees 00 00 01 never occurs inside one.
/// </summary>
public ref struct AnnexBReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _next;

    /// <summary>Creates a reader over one buffer of Annex B data.</summary>
    public AnnexBReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        int first = data.IndexOf(StartCode);
        _next = first < 0 ? data.Length : first + StartCode.Length;
    }

    private static ReadOnlySpan<byte> StartCode => [0, 0, 1];

    /// <summary>Reads the next non-empty NAL unit (without its start code).</summary>
    /// <returns>False when the data is exhausted.</returns>
    public bool TryReadNext(out ReadOnlySpan<byte> nalUnit)
    {
        while (_next < _data.Length)
        {
            ReadOnlySpan<byte> rest = _data[_next..];
            int end = rest.IndexOf(StartCode);
            ReadOnlySpan<byte> candidate;
            if (end < 0)
            {
                candidate = rest;
                _next = _data.Length;
            }
            else
            {
                candidate = rest[..end];
                _next += end + StartCode.Length;
            }

            candidate = candidate.TrimEnd((byte)0);
            if (!candidate.IsEmpty)
            {
                nalUnit = candidate;
                return true;
            }
        }

        nalUnit = default;
        return false;
    }
}
