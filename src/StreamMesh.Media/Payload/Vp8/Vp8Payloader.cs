namespace StreamMesh.Media.Payload.Vp8;

/// <summary>
/// VP8 payloader (RFC 7741): every payload starts with a 4-byte descriptor (§4.2) with X=1, I=1
/// and a 15-bit PictureID (M=1) that increments per frame; S=1 on the first payload of a frame,
/// PID=0 throughout. Frames are split into balanced pieces at the payload budget; the last
/// payload carries the marker (§4.1). Not thread-safe; allocates nothing per frame.
/// </summary>
public sealed class Vp8Payloader : IRtpPayloader
{
    /// <summary>The RTP clock rate of VP8 video (RFC 7741 §4.1).</summary>
    public const int VideoClockRate = 90_000;

    private const int DescriptorSize = 4;

    private readonly int _maxPayloadSize;
    private readonly byte[] _descriptor = new byte[DescriptorSize];
    private int _pictureId;

    /// <summary>Creates a payloader.</summary>
    /// <param name="options">Payload budget; defaults apply when null.</param>
    /// <param name="initialPictureId">First PictureID (0–32767); random when null, as a restarted sender should not repeat ids.</param>
    public Vp8Payloader(RtpPayloaderOptions? options = null, int? initialPictureId = null)
    {
        options ??= new RtpPayloaderOptions();
        options.Validate();
        if (initialPictureId is < 0 or > 0x7FFF)
        {
            throw new ArgumentOutOfRangeException(nameof(initialPictureId), initialPictureId, "PictureID has 15 bits.");
        }

        _maxPayloadSize = options.MaxPayloadSize;
        _pictureId = initialPictureId ?? Random.Shared.Next(0x8000);
    }

    /// <inheritdoc />
    public int ClockRate => VideoClockRate;

    /// <inheritdoc />
    public int MaxPayloadSize => _maxPayloadSize;

    /// <summary>The PictureID the next frame will carry.</summary>
    public int NextPictureId => _pictureId;

    /// <inheritdoc />
    public int Packetize(ReadOnlySpan<byte> frame, IRtpPayloadSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (frame.IsEmpty)
        {
            return 0;
        }

        int capacity = _maxPayloadSize - DescriptorSize;
        int packets = (frame.Length + capacity - 1) / capacity;
        int baseSize = frame.Length / packets;
        int remainder = frame.Length % packets;

        // RFC 7741 §4.2: X=1 (extension present), I=1 (PictureID present), M=1 (15-bit PictureID).
        _descriptor[1] = 0x80;
        _descriptor[2] = (byte)(0x80 | (_pictureId >> 8));
        _descriptor[3] = (byte)_pictureId;

        int offset = 0;
        for (int i = 0; i < packets; i++)
        {
            int size = baseSize + (i < remainder ? 1 : 0);
            bool last = i == packets - 1;
            _descriptor[0] = (byte)(0x80 | (i == 0 ? 0x10 : 0));
            sink.OnPayload(_descriptor, frame.Slice(offset, size), last);
            offset += size;
        }

        _pictureId = (_pictureId + 1) & 0x7FFF;
        return packets;
    }
}
