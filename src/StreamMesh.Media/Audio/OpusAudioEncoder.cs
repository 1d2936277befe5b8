using Concentus;
using Concentus.Enums;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StreamMesh.Media.Audio;

/// <summary>
/// Encodes 48 kHz 16-bit PCM into Opus packets through Concentus (application AUDIO, in-band FEC
/// and a loss hint by default). Each call takes exactly one frame of interleaved samples and
/// writes one packet into a caller-provided buffer. Not thread-safe.
/// </summary>
/// <remarks>
/// This wrapper allocates nothing per frame; the managed Concentus encoder itself allocates
/// scratch arrays internally on every call.
/// </remarks>
public sealed class OpusAudioEncoder : IDisposable
{
    /// <summary>Input and RTP sample rate (RFC 7587 §4.1).</summary>
    public const int SampleRate = 48_000;

    /// <summary>A code-0 Opus packet: a TOC byte and at most 1,275 bytes of frame (RFC 6716 §3.2.2).</summary>
    public const int MaxPacketSize = 1_276;

    /// <summary>OPUS_AUTO: the encoder codes as many channels as it is given.</summary>
    private const int AutomaticChannels = -1000;

    private readonly IOpusEncoder _encoder;
    private bool _disposed;

    /// <summary>Creates an encoder; music defaults when <paramref name="options"/> is null.</summary>
    public OpusAudioEncoder(OpusEncoderOptions? options = null, ILogger? logger = null)
    {
        options ??= OpusEncoderOptions.Music;
        options.Validate();
        Options = options;
        _encoder = OpusCodecFactory.CreateEncoder(SampleRate, options.Channels, OpusApplication.OPUS_APPLICATION_AUDIO);
        _encoder.Bitrate = options.Bitrate;
        _encoder.UseInbandFEC = options.UseInbandFec;
        _encoder.PacketLossPercent = options.PacketLossPercent;
        _encoder.Complexity = options.Complexity;
        _encoder.UseDTX = options.UseDtx;
        _encoder.SignalType = options.Signal switch
        {
            OpusSignalHint.Voice => OpusSignal.OPUS_SIGNAL_VOICE,
            OpusSignalHint.Music => OpusSignal.OPUS_SIGNAL_MUSIC,
            _ => OpusSignal.OPUS_SIGNAL_AUTO,
        };

        AudioLog.EncoderCreated(
            logger ?? NullLogger.Instance,
            options.Channels,
            options.Bitrate,
            options.FrameDurationMs,
            options.UseInbandFec,
            options.PacketLossPercent,
            _encoder.GetType().Name);
    }

    /// <summary>The validated options in effect.</summary>
    public OpusEncoderOptions Options { get; }

    /// <summary>Channel count of the input.</summary>
    public int Channels => Options.Channels;

    /// <summary>Samples per channel in one frame — also the RTP timestamp increment per packet.</summary>
    public int SamplesPerFrame => Options.SamplesPerFrame;

    /// <summary>Current target bitrate in bit/s; may be changed between frames (e.g. by congestion control).</summary>
    /// <summary>
    /// Codes the (stereo) input as mono Opus: for a source whose two channels are the same (a mono source that
    /// ffmpeg upmixed), so every bit goes to the one channel and the stereo band coding — the larger part of
    /// CELT's cost — is not done. Each packet says it is mono (TOC "s" bit, RFC 6716 §3.1); a receiver of an
    /// opus/48000/2 stream (RFC 7587) decodes either kind into its output, so it may change between packets.
    /// </summary>
    public bool CodeAsMono
    {
        get => _encoder.ForceChannels == 1;
        set => _encoder.ForceChannels = value && Channels == 2 ? 1 : AutomaticChannels;
    }

    public int Bitrate
    {
        get => _encoder.Bitrate;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 6_000);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 510_000);
            _encoder.Bitrate = value;
        }
    }

    /// <summary>Encodes one frame.</summary>
    /// <param name="pcmInterleaved">Exactly <see cref="SamplesPerFrame"/> × <see cref="Channels"/> samples, interleaved.</param>
    /// <param name="output">Receives the packet; <see cref="MaxPacketSize"/> bytes always suffice.</param>
    /// <returns>The packet length in bytes.</returns>
    public int Encode(ReadOnlySpan<short> pcmInterleaved, Span<byte> output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int expected = SamplesPerFrame * Channels;
        if (pcmInterleaved.Length != expected)
        {
            throw new ArgumentException(
                $"Expected {expected} interleaved samples ({SamplesPerFrame} per channel), got {pcmInterleaved.Length}.",
                nameof(pcmInterleaved));
        }

        if (output.Length < 2)
        {
            throw new ArgumentException("The output buffer must hold at least 2 bytes.", nameof(output));
        }

        return _encoder.Encode(pcmInterleaved, SamplesPerFrame, output, Math.Min(output.Length, MaxPacketSize));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _encoder.Dispose();
    }
}
