using Microsoft.Extensions.Logging;

namespace StreamMesh.Media.Audio;

/// <summary>Source-generated log messages of the audio codec wrappers (event ids 3200–3299).</summary>
internal static partial class AudioLog
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Debug, Message = "Opus encoder: {Channels} ch, {Bitrate} bit/s, {FrameDurationMs} ms frames, FEC {UseInbandFec} at {PacketLossPercent}% loss, implementation {Implementation}")]
    public static partial void EncoderCreated(ILogger logger, int channels, int bitrate, int frameDurationMs, bool useInbandFec, int packetLossPercent, string implementation);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Debug, Message = "Opus decoder: {Channels} ch, implementation {Implementation}")]
    public static partial void DecoderCreated(ILogger logger, int channels, string implementation);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Trace, Message = "Opus packet rejected: {Reason}")]
    public static partial void PacketRejected(ILogger logger, string reason);
}
