namespace StreamMesh.Media.Payload.Opus;

/// <summary>
/// Opus payloader (RFC 7587 §4.2): the RTP payload is exactly one Opus packet, never split or
/// aggregated. The marker is false except, when asked, on the first packet of a talkspurt after
/// DTX silence (RFC 7587 §4.1). The RTP timestamp advances by the packet's duration at 48 kHz
/// (<see cref="OpusPacketSummary.TotalSamples"/>). Stateless apart from counters.
/// </summary>
public sealed class OpusPayloader : IRtpPayloader
{
    /// <summary>RFC 7587 §4.1: the RTP clock rate of Opus is always 48 kHz.</summary>
    public const int AudioClockRate = 48_000;

    private readonly int _maxPayloadSize;

    /// <summary>Creates a payloader.</summary>
    public OpusPayloader(RtpPayloaderOptions? options = null)
    {
        options ??= new RtpPayloaderOptions();
        options.Validate();
        _maxPayloadSize = options.MaxPayloadSize;
    }

    /// <inheritdoc />
    public int ClockRate => AudioClockRate;

    /// <inheritdoc />
    public int MaxPayloadSize => _maxPayloadSize;

    /// <summary>Packets refused because they were invalid or larger than the payload budget.</summary>
    public long RejectedPackets { get; private set; }

    /// <inheritdoc />
    public int Packetize(ReadOnlySpan<byte> frame, IRtpPayloadSink sink) => Packetize(frame, sink, startOfTalkspurt: false);

    /// <summary>Sends one Opus packet as one payload.</summary>
    /// <param name="frame">One Opus packet.</param>
    /// <param name="sink">Receives the payload.</param>
    /// <param name="startOfTalkspurt">Sets the marker: the first packet after a DTX silence.</param>
    /// <returns>1, or 0 when the packet is invalid (RFC 6716 §3.4) or exceeds the budget.</returns>
    public int Packetize(ReadOnlySpan<byte> frame, IRtpPayloadSink sink, bool startOfTalkspurt)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (frame.Length > _maxPayloadSize || !OpusPacketInspector.TryInspect(frame, out _))
        {
            RejectedPackets++;
            return 0;
        }

        sink.OnPayload(default, frame, startOfTalkspurt);
        return 1;
    }
}
