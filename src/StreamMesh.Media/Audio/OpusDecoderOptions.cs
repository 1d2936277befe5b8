namespace StreamMesh.Media.Audio;

/// <summary>Settings of <see cref="OpusAudioDecoder"/>. Output is always 48 kHz.</summary>
public sealed record OpusDecoderOptions
{
    /// <summary>Output channel count, 1 or 2 (independent of what the sender coded).</summary>
    public int Channels { get; init; } = 2;

    /// <summary>
    /// Duration assumed for a lost packet before any packet was decoded, in samples per channel at
    /// 48 kHz; afterwards the last packet's duration is used. Must be a multiple of 10 ms.
    /// </summary>
    public int DefaultFrameSamples { get; init; } = 960;

    /// <summary>Throws <see cref="ArgumentException"/> when an option is out of range.</summary>
    public void Validate()
    {
        if (Channels is not (1 or 2))
        {
            throw new ArgumentException($"Channels must be 1 or 2, got {Channels}.", nameof(Channels));
        }

        if (DefaultFrameSamples is <= 0 or > 5_760 || DefaultFrameSamples % 480 != 0)
        {
            throw new ArgumentException(
                $"DefaultFrameSamples must be a multiple of 480 (10 ms) up to 5760, got {DefaultFrameSamples}.",
                nameof(DefaultFrameSamples));
        }
    }
}
