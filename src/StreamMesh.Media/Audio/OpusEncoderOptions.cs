namespace StreamMesh.Media.Audio;

/// <summary>Settings of <see cref="OpusAudioEncoder"/>. Sample rate is always 48 kHz.</summary>
public sealed record OpusEncoderOptions
{
    /// <summary>Music defaults: stereo, 96 kbit/s.</summary>
    public static OpusEncoderOptions Music { get; } = new();

    /// <summary>
    /// Voice defaults: mono, 32 kbit/s, voice hint — SILK/hybrid mode with enough SILK bitrate for
    /// in-band FEC. (Stereo at 32 kbit/s leaves each channel too little rate and the encoder then
    /// sends no FEC at all.)
    /// </summary>
    public static OpusEncoderOptions Voice { get; } = new() { Channels = 1, Bitrate = 32_000, Signal = OpusSignalHint.Voice };

    /// <summary>Channel count, 1 or 2.</summary>
    public int Channels { get; init; } = 2;

    /// <summary>Target bitrate in bit/s (6,000–510,000).</summary>
    public int Bitrate { get; init; } = 96_000;

    /// <summary>Frame duration in milliseconds: 10, 20, 40 or 60. WebRTC peers expect 20.</summary>
    public int FrameDurationMs { get; init; } = 20;

    /// <summary>
    /// In-band forward error correction (RFC 6716 §2.1.7): each packet also carries a coarse copy
    /// of the previous frame. Only SILK and hybrid modes carry it, and the encoder adds it only
    /// for frames its voice-activity detector finds active and when the SILK layer has the rate.
    /// </summary>
    public bool UseInbandFec { get; init; } = true;

    /// <summary>Expected packet loss in percent (0–100); steers how much FEC the encoder spends.</summary>
    public int PacketLossPercent { get; init; } = 10;

    /// <summary>Encoder complexity 0–10; 10 is best quality and the most CPU.</summary>
    public int Complexity { get; init; } = 10;

    /// <summary>Content hint.</summary>
    public OpusSignalHint Signal { get; init; } = OpusSignalHint.Auto;

    /// <summary>Discontinuous transmission: send tiny packets during silence.</summary>
    public bool UseDtx { get; init; }

    /// <summary>Samples per channel in one frame at 48 kHz.</summary>
    public int SamplesPerFrame => FrameDurationMs * 48;

    /// <summary>Throws <see cref="ArgumentException"/> when an option is out of range.</summary>
    public void Validate()
    {
        if (Channels is not (1 or 2))
        {
            throw new ArgumentException($"Channels must be 1 or 2, got {Channels}.", nameof(Channels));
        }

        if (Bitrate is < 6_000 or > 510_000)
        {
            throw new ArgumentException($"Bitrate must be between 6000 and 510000 bit/s, got {Bitrate}.", nameof(Bitrate));
        }

        if (FrameDurationMs is not (10 or 20 or 40 or 60))
        {
            throw new ArgumentException($"FrameDurationMs must be 10, 20, 40 or 60, got {FrameDurationMs}.", nameof(FrameDurationMs));
        }

        if (PacketLossPercent is < 0 or > 100)
        {
            throw new ArgumentException($"PacketLossPercent must be between 0 and 100, got {PacketLossPercent}.", nameof(PacketLossPercent));
        }

        if (Complexity is < 0 or > 10)
        {
            throw new ArgumentException($"Complexity must be between 0 and 10, got {Complexity}.", nameof(Complexity));
        }

        if (!Enum.IsDefined(Signal))
        {
            throw new ArgumentException($"Signal {Signal} is not defined.", nameof(Signal));
        }
    }
}
