namespace StreamMesh.Media.Payload.H264;

/// <summary>
/// The latest SPS and PPS seen on an outgoing stream, kept so they can be sent again with an IDR
/// that lacks them: a receiver joining mid-stream (or recovering with a PLI) can only decode an
/// IDR when it has the parameter sets. Buffers are reused; they grow only for a larger set.
/// </summary>
internal sealed class H264ParameterSetCache
{
    private byte[] _sps = new byte[64];
    private byte[] _pps = new byte[64];
    private int _spsLength;
    private int _ppsLength;

    public bool HasSps => _spsLength > 0;

    public bool HasPps => _ppsLength > 0;

    public ReadOnlySpan<byte> Sps => _sps.AsSpan(0, _spsLength);

    public ReadOnlySpan<byte> Pps => _pps.AsSpan(0, _ppsLength);

    public void StoreSps(ReadOnlySpan<byte> nal) => Store(ref _sps, ref _spsLength, nal);

    public void StorePps(ReadOnlySpan<byte> nal) => Store(ref _pps, ref _ppsLength, nal);

    private static void Store(ref byte[] buffer, ref int length, ReadOnlySpan<byte> nal)
    {
        if (nal.Length > buffer.Length)
        {
            buffer = new byte[nal.Length];
        }

        nal.CopyTo(buffer);
        length = nal.Length;
    }
}
