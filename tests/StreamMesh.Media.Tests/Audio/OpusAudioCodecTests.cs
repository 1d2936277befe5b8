using StreamMesh.Media.Audio;
using StreamMesh.Media.Payload;
using StreamMesh.Media.Payload.Opus;
using StreamMesh.Media.Tests.Payload;

namespace StreamMesh.Media.Tests.Audio;

public sealed class OpusAudioCodecTests
{
    private const double Amplitude = 10_000;
    private const double TonePower = Amplitude * Amplitude / 2;

    private static List<byte[]> EncodeTone(OpusEncoderOptions options, int frames, double frequency = 1_000)
    {
        using var encoder = new OpusAudioEncoder(options);
        var packets = new List<byte[]>();
        var output = new byte[OpusAudioEncoder.MaxPacketSize];
        for (int f = 0; f < frames; f++)
        {
            short[] pcm = ToneAnalysis.Sine(frequency, f * encoder.SamplesPerFrame, encoder.SamplesPerFrame, options.Channels, Amplitude);
            int length = encoder.Encode(pcm, output);
            packets.Add(output[..length]);
        }

        return packets;
    }

    [Fact]
    public void EncodeDecode_OneSecondStereoTone_ToneDominatesDecodedSignal()
    {
        List<byte[]> packets = EncodeTone(OpusEncoderOptions.Music, frames: 50);
        using var decoder = new OpusAudioDecoder();
        var decoded = new short[50 * 960 * 2];
        int written = 0;
        foreach (byte[] packet in packets)
        {
            Assert.True(OpusPacketInspector.TryInspect(packet, out OpusPacketSummary summary));
            Assert.Equal(960, summary.TotalSamples);
            Assert.True(summary.IsStereo);
            written += decoder.Decode(packet, decoded.AsSpan(written * 2));
        }

        Assert.Equal(50 * 960, written);
        Assert.Equal(50, decoder.Statistics.PacketsDecoded);

        // Skip the codec's start-up; 45 frames = 43,200 samples hold a whole number of 1 kHz cycles.
        ReadOnlySpan<short> steady = decoded.AsSpan(5 * 960 * 2);
        for (int channel = 0; channel < 2; channel++)
        {
            double tone = ToneAnalysis.Power(steady, 2, channel, 1_000);
            double total = ToneAnalysis.TotalPower(steady, 2, channel);
            Assert.InRange(tone / total, 0.95, 1.01);
            Assert.InRange(tone, 0.7 * TonePower, 1.3 * TonePower);
            Assert.True(ToneAnalysis.Power(steady, 2, channel, 3_000) < tone / 1_000);
        }
    }

    [Fact]
    public void CodeAsMono_EqualChannels_MonoPacketsThatDecodeToTheToneOnBothChannels_AndBackToStereoWhenCleared()
    {
        using var encoder = new OpusAudioEncoder(OpusEncoderOptions.Music);
        using var decoder = new OpusAudioDecoder();
        var output = new byte[OpusAudioEncoder.MaxPacketSize];
        var decoded = new short[50 * 960 * 2];
        var written = 0;
        encoder.CodeAsMono = true;
        Assert.True(encoder.CodeAsMono);
        for (var f = 0; f < 50; f++)
        {
            var pcm = ToneAnalysis.Sine(1_000, f * 960, 960, channels: 2, Amplitude);
            var length = encoder.Encode(pcm, output);
            Assert.True(OpusPacketInspector.TryInspect(output.AsSpan(0, length), out var summary));
            Assert.False(summary.IsStereo);
            written += decoder.Decode(output.AsSpan(0, length), decoded.AsSpan(written * 2));
        }

        ReadOnlySpan<short> steady = decoded.AsSpan(5 * 960 * 2);
        for (var channel = 0; channel < 2; channel++)
        {
            var tone = ToneAnalysis.Power(steady, 2, channel, 1_000);
            Assert.InRange(tone, 0.7 * TonePower, 1.3 * TonePower);
        }

        encoder.CodeAsMono = false;
        var stereo = encoder.Encode(ToneAnalysis.Sine(1_000, 50 * 960, 960, channels: 2, Amplitude), output);
        Assert.True(OpusPacketInspector.TryInspect(output.AsSpan(0, stereo), out var after));
        Assert.True(after.IsStereo);
    }

    [Fact]
    public void DecodeLost_NextPacketCarriesFec_RecoversTheToneAndCountsFec()
    {
        List<byte[]> packets = EncodeTone(OpusEncoderOptions.Voice, frames: 50);
        using var decoder = new OpusAudioDecoder();
        var pcm = new short[OpusAudioDecoder.MaxFrameSamples * 2];
        for (int i = 0; i < 15; i++)
        {
            decoder.Decode(packets[i], pcm);
        }

        int recovered = decoder.DecodeLost(packets[16], pcm); // packet 15 is lost

        Assert.Equal(960, recovered);
        Assert.Equal(1, decoder.Statistics.FecRecoveredFrames);
        Assert.Equal(0, decoder.Statistics.ConcealedFrames);
        ReadOnlySpan<short> frame = pcm.AsSpan(0, 960 * 2);
        double tone = ToneAnalysis.Power(frame, 2, 0, 1_000);
        Assert.True(tone / ToneAnalysis.TotalPower(frame, 2, 0) > 0.8);
        Assert.True(tone > 0.2 * TonePower);

        for (int i = 16; i < 50; i++)
        {
            Assert.Equal(960, decoder.Decode(packets[i], pcm));
        }
    }

    [Fact]
    public void DecodeLost_EncoderWithoutFec_FallsBackToConcealment()
    {
        List<byte[]> packets = EncodeTone(OpusEncoderOptions.Voice with { UseInbandFec = false }, frames: 40);
        using var decoder = new OpusAudioDecoder();
        var pcm = new short[OpusAudioDecoder.MaxFrameSamples * 2];
        for (int i = 0; i < 15; i++)
        {
            decoder.Decode(packets[i], pcm);
        }

        Assert.Equal(960, decoder.DecodeLost(packets[16], pcm));

        Assert.Equal(0, decoder.Statistics.FecRecoveredFrames);
        Assert.Equal(1, decoder.Statistics.ConcealedFrames);
    }

    [Fact]
    public void DecodeLost_ThroughRtpWithTwoLostPackets_ConcealsOneAndRecoversOneFromFec()
    {
        List<byte[]> packets = EncodeTone(OpusEncoderOptions.Voice, frames: 40);
        var payloader = new OpusPayloader();
        var sink = new RecordingPayloadSink();
        foreach (byte[] packet in packets)
        {
            payloader.Packetize(packet, sink);
        }

        var depayloader = new OpusDepayloader();
        using var decoder = new OpusAudioDecoder();
        var pcm = new short[OpusAudioDecoder.MaxFrameSamples * 2];
        long samplesOut = 0;
        for (int i = 0; i < sink.Payloads.Count; i++)
        {
            if (i is 10 or 11)
            {
                continue;
            }

            Assert.Equal(DepayloadStatus.FrameReady, depayloader.Push(sink.Payloads[i].Bytes, false, (ushort)i, (uint)(i * 960), out DepayloadedFrame frame));
            for (int lost = depayloader.LostBeforeLastPacket; lost > 0; lost--)
            {
                samplesOut += decoder.DecodeLost(lost == 1 ? frame.Data : default, pcm);
            }

            samplesOut += decoder.Decode(frame.Data, pcm);
        }

        Assert.Equal(40 * 960, samplesOut);
        Assert.Equal(new OpusDecoderStatistics(38, 1, 1, 0), decoder.Statistics);
        Assert.Equal(2, depayloader.Statistics.LostPackets);
    }

    [Fact]
    public void DecodeLost_BeforeAnyPacket_ConcealsDefaultDuration()
    {
        using var decoder = new OpusAudioDecoder(new OpusDecoderOptions { Channels = 1 });
        var pcm = new short[960];

        Assert.Equal(960, decoder.DecodeLost(default, pcm));
        Assert.Equal(1, decoder.Statistics.ConcealedFrames);
    }

    [Theory]
    [InlineData("")]
    [InlineData("79 AA BB CC")]
    [InlineData("7B 00")]
    public void Decode_InvalidPacket_ReturnsZeroAndCounts(string hex)
    {
        using var decoder = new OpusAudioDecoder();

        Assert.Equal(0, decoder.Decode(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)), new short[OpusAudioDecoder.MaxFrameSamples * 2]));
        Assert.Equal(1, decoder.Statistics.MalformedPackets);
    }

    [Fact]
    public void Decode_PacketLongerThanOutputBuffer_IsRejected()
    {
        using var decoder = new OpusAudioDecoder();

        // config 3 (60 ms) × 2 frames = 120 ms does not fit a 20 ms buffer.
        Assert.Equal(0, decoder.Decode(Convert.FromHexString("1B02AABB"), new short[960 * 2]));
        Assert.Equal(1, decoder.Statistics.MalformedPackets);
    }

    [Fact]
    public void Decode_RandomBytesWithValidFraming_NeverThrow()
    {
        var random = new Random(11);
        using var decoder = new OpusAudioDecoder();
        var pcm = new short[OpusAudioDecoder.MaxFrameSamples * 2];
        for (int i = 0; i < 1_000; i++)
        {
            var packet = new byte[random.Next(1, 200)];
            random.NextBytes(packet);
            packet[0] = (byte)(packet[0] & ~0x03); // code 0: always valid framing, garbage content
            decoder.Decode(packet, pcm);
            decoder.DecodeLost(packet, pcm);
        }

        OpusDecoderStatistics stats = decoder.Statistics;
        Assert.Equal(1_000, stats.PacketsDecoded + stats.MalformedPackets);
        Assert.Equal(1_000, stats.FecRecoveredFrames + stats.ConcealedFrames);
    }

    [Fact]
    public void Encode_WrongSampleCount_Throws()
    {
        using var encoder = new OpusAudioEncoder();

        Assert.Throws<ArgumentException>(() => encoder.Encode(new short[960], new byte[OpusAudioEncoder.MaxPacketSize]));
    }

    [Fact]
    public void Encode_MonoVoiceAt40Milliseconds_ProducesPacketsOfThatDuration()
    {
        var options = OpusEncoderOptions.Voice with { Channels = 1, FrameDurationMs = 40 };

        List<byte[]> packets = EncodeTone(options, frames: 5);

        Assert.All(packets, p =>
        {
            Assert.True(OpusPacketInspector.TryInspect(p, out OpusPacketSummary summary));
            Assert.Equal(1_920, summary.TotalSamples);
            Assert.False(summary.IsStereo);
        });
    }

    [Fact]
    public void Bitrate_Set_ChangesPacketSizes()
    {
        using var encoder = new OpusAudioEncoder();
        var output = new byte[OpusAudioEncoder.MaxPacketSize];
        int Average()
        {
            int sum = 0;
            for (int f = 0; f < 10; f++)
            {
                sum += encoder.Encode(ToneAnalysis.Sine(1_000, f * 960, 960, 2), output);
            }

            return sum / 10;
        }

        int high = Average();
        encoder.Bitrate = 16_000;
        int low = Average();

        Assert.Equal(16_000, encoder.Bitrate);
        Assert.True(low < high / 2, $"{low} vs {high}");
        Assert.Throws<ArgumentOutOfRangeException>(() => encoder.Bitrate = 1_000);
    }

    [Theory]
    [InlineData(3, 96_000, 20, 10, 10)]
    [InlineData(2, 1_000, 20, 10, 10)]
    [InlineData(2, 96_000, 25, 10, 10)]
    [InlineData(2, 96_000, 20, 101, 10)]
    [InlineData(2, 96_000, 20, 10, 11)]
    public void EncoderOptionsValidate_OutOfRange_Throws(int channels, int bitrate, int frameMs, int loss, int complexity)
    {
        var options = new OpusEncoderOptions { Channels = channels, Bitrate = bitrate, FrameDurationMs = frameMs, PacketLossPercent = loss, Complexity = complexity };

        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Fact]
    public void DecoderOptionsValidate_OutOfRange_Throws()
    {
        Assert.Throws<ArgumentException>(new OpusDecoderOptions { Channels = 0 }.Validate);
        Assert.Throws<ArgumentException>(new OpusDecoderOptions { DefaultFrameSamples = 500 }.Validate);
    }
}
