namespace StreamMesh.Media.Payload.Opus;

/// <summary>
/// Validates an Opus packet's TOC byte and frame packing against RFC 6716 §3.1–§3.4 (requirements
/// R1–R7) without decoding it, so a relay or receiver can reject garbage cheaply.
/// </summary>
public static class OpusPacketInspector
{
    /// <summary>Largest Opus frame in bytes (RFC 6716 §3.2.1, R2).</summary>
    public const int MaxFrameBytes = 1_275;

    /// <summary>Longest packet duration: 120 ms at 48 kHz (RFC 6716 §3.2.5, R5).</summary>
    public const int MaxPacketSamples = 5_760;

    /// <summary>Parses and validates <paramref name="packet"/>; false when it violates RFC 6716 §3.4.</summary>
    public static bool TryInspect(ReadOnlySpan<byte> packet, out OpusPacketSummary summary)
    {
        summary = default;

        // R1: at least one byte (the TOC).
        if (packet.IsEmpty)
        {
            return false;
        }

        byte toc = packet[0];
        int config = toc >> 3;
        bool stereo = (toc & 0x04) != 0;
        int code = toc & 0x03;
        int samplesPerFrame = SamplesPerFrame(config);
        ReadOnlySpan<byte> rest = packet[1..];

        int frameCount;
        int firstOffset;
        int firstLength;
        switch (code)
        {
            case 0:
                // §3.2.2: one frame filling the packet.
                if (rest.Length > MaxFrameBytes)
                {
                    return false;
                }

                frameCount = 1;
                firstOffset = 1;
                firstLength = rest.Length;
                break;
            case 1:
                // §3.2.3, R3: two frames of equal size.
                if (rest.Length % 2 != 0 || rest.Length / 2 > MaxFrameBytes)
                {
                    return false;
                }

                frameCount = 2;
                firstOffset = 1;
                firstLength = rest.Length / 2;
                break;
            case 2:
                // §3.2.4, R4: two frames, the first one's length coded in one or two bytes.
                int lengthBytes = TryReadFrameLength(rest, out int length);
                if (lengthBytes == 0 || length > rest.Length - lengthBytes || rest.Length - lengthBytes - length > MaxFrameBytes)
                {
                    return false;
                }

                frameCount = 2;
                firstOffset = 1 + lengthBytes;
                firstLength = length;
                break;
            default:
                if (!TryInspectCode3(packet, samplesPerFrame, out frameCount, out firstOffset, out firstLength))
                {
                    return false;
                }

                break;
        }

        summary = new OpusPacketSummary(config, ModeOf(config), BandwidthOf(config), stereo, frameCount, samplesPerFrame, firstOffset, firstLength);
        return true;
    }

    // §3.2.5: a frame count byte (v, p, M), optional padding length, then CBR frames of equal
    // size or VBR frames with M-1 coded lengths.
    private static bool TryInspectCode3(ReadOnlySpan<byte> packet, int samplesPerFrame, out int frameCount, out int firstOffset, out int firstLength)
    {
        firstOffset = 0;
        firstLength = 0;
        frameCount = 0;
        if (packet.Length < 2)
        {
            return false;
        }

        byte countByte = packet[1];
        bool variable = (countByte & 0x80) != 0;
        bool padded = (countByte & 0x40) != 0;
        frameCount = countByte & 0x3F;

        // R5: at least one frame and at most 120 ms of audio.
        if (frameCount == 0 || frameCount * samplesPerFrame > MaxPacketSamples)
        {
            return false;
        }

        int offset = 2;
        int padding = 0;
        if (padded)
        {
            // Each padding-length byte of 255 adds 254 bytes and another length byte follows.
            while (true)
            {
                if (offset >= packet.Length)
                {
                    return false;
                }

                byte value = packet[offset++];
                padding += value == 255 ? 254 : value;
                if (value != 255)
                {
                    break;
                }
            }
        }

        int available = packet.Length - offset - padding;
        if (available < 0)
        {
            return false;
        }

        if (!variable)
        {
            // R6: CBR frames share the remaining bytes equally.
            if (available % frameCount != 0 || available / frameCount > MaxFrameBytes)
            {
                return false;
            }

            firstOffset = offset;
            firstLength = available / frameCount;
            return true;
        }

        // R7: VBR — M-1 coded lengths, the last frame takes what remains.
        int total = 0;
        int firstFrameLength = -1;
        for (int i = 0; i < frameCount - 1; i++)
        {
            int lengthBytes = TryReadFrameLength(packet[offset..], out int length);
            if (lengthBytes == 0)
            {
                return false;
            }

            offset += lengthBytes;
            available -= lengthBytes;
            total += length;
            if (firstFrameLength < 0)
            {
                firstFrameLength = length;
            }
        }

        int last = available - total;
        if (available < 0 || last < 0 || last > MaxFrameBytes)
        {
            return false;
        }

        firstOffset = offset;
        firstLength = firstFrameLength < 0 ? last : firstFrameLength;
        return true;
    }

    // §3.2.1: a length below 252 is one byte; otherwise a second byte adds four times its value.
    // Returns the number of bytes consumed, or 0 when truncated.
    private static int TryReadFrameLength(ReadOnlySpan<byte> data, out int length)
    {
        length = 0;
        if (data.IsEmpty)
        {
            return 0;
        }

        if (data[0] < 252)
        {
            length = data[0];
            return 1;
        }

        if (data.Length < 2)
        {
            return 0;
        }

        length = data[0] + (4 * data[1]);
        return 2;
    }

    private static OpusMode ModeOf(int config) => config switch
    {
        < 12 => OpusMode.Silk,
        < 16 => OpusMode.Hybrid,
        _ => OpusMode.Celt,
    };

    private static OpusBandwidth BandwidthOf(int config) => config switch
    {
        < 4 => OpusBandwidth.Narrowband,
        < 8 => OpusBandwidth.Mediumband,
        < 12 => OpusBandwidth.Wideband,
        < 14 => OpusBandwidth.SuperWideband,
        < 16 => OpusBandwidth.Fullband,
        < 20 => OpusBandwidth.Narrowband,
        < 24 => OpusBandwidth.Wideband,
        < 28 => OpusBandwidth.SuperWideband,
        _ => OpusBandwidth.Fullband,
    };

    // RFC 6716 §3.1 Table 2, in samples at 48 kHz.
    private static int SamplesPerFrame(int config) => config switch
    {
        < 12 => (config & 3) switch { 0 => 480, 1 => 960, 2 => 1_920, _ => 2_880 },
        < 16 => (config & 1) == 0 ? 480 : 960,
        _ => (config & 3) switch { 0 => 120, 1 => 240, 2 => 480, _ => 960 },
    };
}
