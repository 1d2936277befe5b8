namespace StreamMesh.Media.Payload;

/// <summary>Options shared by all payloaders.</summary>
public sealed record RtpPayloaderOptions
{
    /// <summary>
    /// Default payload budget: a 1,280-byte datagram (the IPv6 minimum MTU) minus the 12-byte RTP
    /// header, up to 64 bytes of header extensions and a 16-byte SRTP authentication tag.
    /// </summary>
    public const int DefaultMaxPayloadSize = 1_188;

    /// <summary>Smallest accepted budget; below this, per-packet headers dominate.</summary>
    public const int MinimumMaxPayloadSize = 64;

    /// <summary>Largest accepted budget (a UDP datagram minus IP/UDP/RTP headers).</summary>
    public const int MaximumMaxPayloadSize = 65_000;

    /// <summary>Maximum size of one RTP payload in bytes.</summary>
    public int MaxPayloadSize { get; init; } = DefaultMaxPayloadSize;

    /// <summary>Throws <see cref="ArgumentException"/> when an option is out of range.</summary>
    public void Validate()
    {
        if (MaxPayloadSize is < MinimumMaxPayloadSize or > MaximumMaxPayloadSize)
        {
            throw new ArgumentException(
                $"MaxPayloadSize must be between {MinimumMaxPayloadSize} and {MaximumMaxPayloadSize} bytes, got {MaxPayloadSize}.",
                nameof(MaxPayloadSize));
        }
    }
}
