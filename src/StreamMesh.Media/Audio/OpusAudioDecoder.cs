using Concentus;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamMesh.Media.Payload.Opus;

namespace StreamMesh.Media.Audio;

/// <summary>
/// Decodes Opus packets to 48 kHz 16-bit interleaved PCM through Concentus, and conceals lost
/// packets: from the in-band FEC of the following packet when it carries some (RFC 6716 §2.1.7),
/// otherwise by packet-loss concealment. Invalid packets are counted, never thrown on.
/// Not thread-safe.
/// </summary>
/// <remarks>
/// For a packet P that arrives after N lost packets: call <see cref="DecodeLost"/> N-1 times with an
/// empty span (concealment), once with P (FEC from P for the packet just before it), then
/// <see cref="Decode"/> with P. <see cref="OpusDepayloader.LostBeforeLastPacket"/> gives N.
/// </remarks>
public sealed class OpusAudioDecoder : IDisposable
{
    /// <summary>Output sample rate.</summary>
    public const int SampleRate = 48_000;

    /// <summary>Samples per channel of the longest packet (120 ms); a buffer this size per channel always suffices.</summary>
    public const int MaxFrameSamples = OpusPacketInspector.MaxPacketSamples;

    private readonly IOpusDecoder _decoder;
    private readonly ILogger _logger;
    private int _lastFrameSamples;
    private long _packetsDecoded;
    private long _fecRecovered;
    private long _concealed;
    private long _malformed;
    private bool _disposed;

    /// <summary>Creates a decoder; stereo when <paramref name="options"/> is null.</summary>
    public OpusAudioDecoder(OpusDecoderOptions? options = null, ILogger? logger = null)
    {
        options ??= new OpusDecoderOptions();
        options.Validate();
        Channels = options.Channels;
        _lastFrameSamples = options.DefaultFrameSamples;
        _logger = logger ?? NullLogger.Instance;
        _decoder = OpusCodecFactory.CreateDecoder(SampleRate, Channels);
        AudioLog.DecoderCreated(_logger, Channels, _decoder.GetType().Name);
    }

    /// <summary>Output channel count.</summary>
    public int Channels { get; }

    /// <summary>Counters since creation.</summary>
    public OpusDecoderStatistics Statistics => new(_packetsDecoded, _fecRecovered, _concealed, _malformed);

    /// <summary>Decodes one received packet.</summary>
    /// <param name="packet">One Opus packet (an RTP payload).</param>
    /// <param name="pcmInterleaved">Receives the samples; must hold the packet's duration × <see cref="Channels"/>.</param>
    /// <returns>Samples per channel written, or 0 when the packet was invalid (counted).</returns>
    public int Decode(ReadOnlySpan<byte> packet, Span<short> pcmInterleaved)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!OpusPacketInspector.TryInspect(packet, out OpusPacketSummary summary))
        {
            return Reject("invalid framing");
        }

        if (summary.TotalSamples * Channels > pcmInterleaved.Length)
        {
            return Reject("longer than the output buffer");
        }

        int samples = TryDecode(packet, pcmInterleaved, Math.Min(pcmInterleaved.Length / Channels, MaxFrameSamples), fec: false);
        if (samples <= 0)
        {
            return Reject("decoder error");
        }

        _lastFrameSamples = samples;
        _packetsDecoded++;
        return samples;
    }

    /// <summary>Produces audio for one lost packet.</summary>
    /// <param name="nextPacket">The packet received after the loss, or empty when none is available.</param>
    /// <param name="pcmInterleaved">Receives the samples; must hold the last packet's duration × <see cref="Channels"/>.</param>
    /// <returns>Samples per channel written (the duration of the last decoded packet).</returns>
    public int DecodeLost(ReadOnlySpan<byte> nextPacket, Span<short> pcmInterleaved)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int frameSamples = _lastFrameSamples;
        if (frameSamples * Channels > pcmInterleaved.Length)
        {
            throw new ArgumentException(
                $"The output buffer must hold {frameSamples * Channels} samples for a lost packet.", nameof(pcmInterleaved));
        }

        Span<short> output = pcmInterleaved[..(frameSamples * Channels)];
        if (!nextPacket.IsEmpty
            && OpusPacketInspector.TryInspect(nextPacket, out OpusPacketSummary summary)
            && SilkLbrrProbe.HasLbrr(nextPacket, summary))
        {
            // decode_fec: rebuild the previous (lost) frame from this packet's LBRR data; frame
            // size must be exactly the lost duration.
            int recovered = TryDecode(nextPacket, output, frameSamples, fec: true);
            if (recovered > 0)
            {
                _fecRecovered++;
                return recovered;
            }
        }

        int concealed = TryDecode(default, output, frameSamples, fec: false);
        if (concealed <= 0)
        {
            // Concealment failing leaves silence rather than stale samples.
            output.Clear();
            concealed = frameSamples;
        }

        _concealed++;
        return concealed;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _decoder.Dispose();
    }

    private int TryDecode(ReadOnlySpan<byte> packet, Span<short> output, int frameSamples, bool fec)
    {
        try
        {
            return _decoder.Decode(packet, output, frameSamples, fec);
        }
        catch (Exception ex) when (ex is OpusException or ArgumentException or IndexOutOfRangeException)
        {
            // The managed decoder signals corrupt bitstreams with exceptions; hostile input must not escape.
            return -1;
        }
    }

    private int Reject(string reason)
    {
        _malformed++;
        AudioLog.PacketRejected(_logger, reason);
        return 0;
    }
}
