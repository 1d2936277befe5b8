using StreamMesh.Media.Payload.Opus;

namespace StreamMesh.Media.Audio;

/// <summary>
/// Tells whether an Opus packet carries in-band FEC (SILK LBRR data) for the frame before it, by
/// range-decoding only the SILK header bits at the start of its first frame (RFC 6716 §4.2.3):
/// one VAD flag per SILK frame, then the LBRR flag — for the mid channel first. Needed because
/// the decoder silently falls back to concealment when asked for FEC that is not there.
/// </summary>
internal static class SilkLbrrProbe
{
    public static bool HasLbrr(ReadOnlySpan<byte> packet, in OpusPacketSummary summary)
    {
        if (summary.Mode == OpusMode.Celt || summary.FirstFrameLength == 0)
        {
            return false;
        }

        ReadOnlySpan<byte> frame = packet.Slice(summary.FirstFrameOffset, summary.FirstFrameLength);

        // A 40 or 60 ms Opus frame holds two or three 20 ms SILK frames (RFC 6716 §4.2.2).
        int silkFrames = Math.Max(1, summary.SamplesPerFrame / 960);
        var decoder = new RangeDecoder(frame);
        for (int i = 0; i < silkFrames; i++)
        {
            decoder.DecodeBitLogP1();
        }

        return decoder.DecodeBitLogP1();
    }

    /// <summary>The range decoder of RFC 6716 §4.1, reduced to equiprobable binary symbols.</summary>
    private ref struct RangeDecoder
    {
        private const uint CodeBottom = 1u << 23;
        private const uint CodeTop = 1u << 31;

        private readonly ReadOnlySpan<byte> _data;
        private int _position;
        private uint _range;
        private uint _value;
        private int _remainder;

        // §4.1.1: rng = 128, val = 127 - (b0 >> 1), the low bit of b0 is kept for later.
        public RangeDecoder(ReadOnlySpan<byte> data)
        {
            _data = data;
            _remainder = ReadByte();
            _range = 128;
            _value = 127u - (uint)(_remainder >> 1);
            Normalize();
        }

        // §4.1.3.1 ec_dec_bit_logp() with logp = 1: the value 1 occupies the lower half of the range.
        public bool DecodeBitLogP1()
        {
            uint split = _range >> 1;
            bool one = _value < split;
            if (one)
            {
                _range = split;
            }
            else
            {
                _value -= split;
                _range -= split;
            }

            Normalize();
            return one;
        }

        // §4.1.2.1: renormalise a byte at a time, reading zeros past the end of the frame.
        private void Normalize()
        {
            while (_range <= CodeBottom)
            {
                _range <<= 8;
                int previous = _remainder;
                _remainder = ReadByte();
                int symbol = ((previous << 8) | _remainder) >> 1;
                _value = ((_value << 8) + (uint)(255 & ~symbol)) & (CodeTop - 1);
            }
        }

        private int ReadByte() => _position < _data.Length ? _data[_position++] : 0;
    }
}
