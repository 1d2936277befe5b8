using StreamMesh.Rtc.Srtp;

namespace StreamMesh.Rtc.Dtls;

/// <summary>Configuration of one <see cref="DtlsTransport"/> (one per peer connection).</summary>
public sealed record DtlsTransportOptions
{
    /// <summary>Largest UDP payload over IPv4.</summary>
    public const int MaxMtu = 65507;

    /// <summary>Smallest MTU we accept; below it handshake fragments get absurdly small.</summary>
    public const int MinMtu = 256;

    /// <summary>SRTP profiles in our preference order: AEAD_AES_128_GCM first (RFC 7714), then AES128_CM_HMAC_SHA1_80.</summary>
    public static IReadOnlyList<SrtpProfile> DefaultSrtpProfiles { get; } =
        [SrtpProfile.AeadAes128Gcm, SrtpProfile.Aes128CmHmacSha1_80];

    /// <summary>Client or server, from the SDP a=setup negotiation (RFC 8842 §5).</summary>
    public required DtlsRole Role { get; init; }

    /// <summary>Our certificate; its fingerprint goes in our SDP.</summary>
    public required DtlsCertificate Certificate { get; init; }

    /// <summary>The fingerprint from the peer's SDP; the peer's certificate must hash to it.</summary>
    public required DtlsFingerprint RemoteFingerprint { get; init; }

    /// <summary>
    /// SRTP profiles in preference order. As client they are offered in this order; as server the
    /// first of these that the client offered is selected (RFC 5764 §4.1.1).
    /// </summary>
    public IReadOnlyList<SrtpProfile> SrtpProfiles { get; init; } = DefaultSrtpProfiles;

    /// <summary>Overall bound on <see cref="DtlsTransport.HandshakeAsync"/>, including time queued for a handshake slot.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest datagram we send; handshake messages are fragmented to fit (RFC 6347 §4.1.1.1).</summary>
    public int Mtu { get; init; } = 1200;

    /// <summary>First handshake retransmission timer; doubles on each retransmission (RFC 6347 §4.2.4.1 suggests 1 s).</summary>
    public TimeSpan InitialRetransmitTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Datagrams buffered between the socket's receive loop and the DTLS engine; more are dropped and counted.</summary>
    public int ReceiveQueueCapacity { get; init; } = 64;

    /// <summary>Limiter for blocking handshakes; <see langword="null"/> means <see cref="DtlsHandshakeScheduler.Shared"/>.</summary>
    public DtlsHandshakeScheduler? HandshakeScheduler { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> describing the first invalid setting.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Role))
        {
            throw new ArgumentException($"Role {Role} is not Client or Server.", nameof(Role));
        }

        if (Certificate is null)
        {
            throw new ArgumentException("A local certificate is required.", nameof(Certificate));
        }

        if (RemoteFingerprint is null)
        {
            throw new ArgumentException("The remote fingerprint from the peer's SDP is required.", nameof(RemoteFingerprint));
        }

        ValidateProfiles();

        if (HandshakeTimeout <= TimeSpan.Zero || HandshakeTimeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentException($"HandshakeTimeout must be in (0, 10 min], got {HandshakeTimeout}.", nameof(HandshakeTimeout));
        }

        if (Mtu is < MinMtu or > MaxMtu)
        {
            throw new ArgumentException($"Mtu must be in [{MinMtu}, {MaxMtu}], got {Mtu}.", nameof(Mtu));
        }

        if (InitialRetransmitTimeout < TimeSpan.FromMilliseconds(10) || InitialRetransmitTimeout > TimeSpan.FromSeconds(60))
        {
            throw new ArgumentException(
                $"InitialRetransmitTimeout must be in [10 ms, 60 s], got {InitialRetransmitTimeout}.", nameof(InitialRetransmitTimeout));
        }

        if (ReceiveQueueCapacity is < 4 or > 4096)
        {
            throw new ArgumentException($"ReceiveQueueCapacity must be in [4, 4096], got {ReceiveQueueCapacity}.", nameof(ReceiveQueueCapacity));
        }
    }

    private void ValidateProfiles()
    {
        if (SrtpProfiles is null || SrtpProfiles.Count == 0)
        {
            throw new ArgumentException("At least one SRTP profile is required.", nameof(SrtpProfiles));
        }

        for (int i = 0; i < SrtpProfiles.Count; i++)
        {
            if (!Enum.IsDefined(SrtpProfiles[i]))
            {
                throw new ArgumentException($"SRTP profile 0x{(ushort)SrtpProfiles[i]:X4} is not supported.", nameof(SrtpProfiles));
            }

            for (int j = 0; j < i; j++)
            {
                if (SrtpProfiles[j] == SrtpProfiles[i])
                {
                    throw new ArgumentException($"SRTP profile {SrtpProfiles[i]} is listed twice.", nameof(SrtpProfiles));
                }
            }
        }
    }
}
