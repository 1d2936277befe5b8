namespace StreamMesh.Media.Audio;

/// <summary>Counters of an <see cref="OpusAudioDecoder"/>.</summary>
/// <param name="PacketsDecoded">Packets decoded normally.</param>
/// <param name="FecRecoveredFrames">Lost packets rebuilt from the in-band FEC (LBRR) data of the following packet.</param>
/// <param name="ConcealedFrames">Lost packets replaced by packet-loss concealment.</param>
/// <param name="MalformedPackets">Packets rejected as invalid or undecodable.</param>
public readonly record struct OpusDecoderStatistics(
    long PacketsDecoded,
    long FecRecoveredFrames,
    long ConcealedFrames,
    long MalformedPackets);
