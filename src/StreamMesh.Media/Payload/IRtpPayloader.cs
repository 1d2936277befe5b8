namespace StreamMesh.Media.Payload;

/// <summary>
/// Splits one encoded frame (an H.264 access unit, a VP8 frame, an Opus packet) into RTP payloads.
/// Implementations keep per-stream state (picture ids, parameter-set caches) and are not thread-safe:
/// use one instance per outgoing track from one thread at a time.
/// </summary>
public interface IRtpPayloader
{
    /// <summary>RTP clock rate of the payload format, in Hz.</summary>
    int ClockRate { get; }

    /// <summary>Largest payload (payload-format header plus body) handed to the sink.</summary>
    int MaxPayloadSize { get; }

    /// <summary>Packetizes one frame into <paramref name="sink"/>.</summary>
    /// <returns>The number of payloads emitted; 0 when the frame held nothing sendable.</returns>
    int Packetize(ReadOnlySpan<byte> frame, IRtpPayloadSink sink);
}
