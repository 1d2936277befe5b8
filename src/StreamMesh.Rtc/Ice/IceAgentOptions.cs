using System.Net;

namespace StreamMesh.Rtc.Ice;

/// <summary>Configuration of one <see cref="IceAgent"/>. Defaults follow RFC 8445 and RFC 7675.</summary>
public sealed record IceAgentOptions
{
    /// <summary>
    /// Initial role (RFC 8445 §6.1.1): the offerer is normally controlling. May flip on a role conflict.
    /// </summary>
    public IceRole Role { get; init; } = IceRole.Controlled;

    /// <summary>Local ice-ufrag; null generates 8 random ice-chars (RFC 8445 §5.3).</summary>
    public string? LocalUsernameFragment { get; init; }

    /// <summary>Local ice-pwd; null generates 24 random ice-chars (RFC 8445 §5.3).</summary>
    public string? LocalPassword { get; init; }

    /// <summary>Tie-breaker for role conflicts (RFC 8445 §6.1.1); null draws a random 64-bit value.</summary>
    public ulong? TieBreaker { get; init; }

    /// <summary>Offer 127.0.0.1 as a host candidate even when the mux listens on every interface.</summary>
    public bool IncludeLoopback { get; init; }

    /// <summary>STUN server for a server-reflexive candidate (RFC 8445 §5.1.1.2); null gathers host candidates only.</summary>
    public IPEndPoint? StunServer { get; init; }

    /// <summary>Ta: at most one new check per interval (RFC 8445 §14.2; 50 ms is the default there).</summary>
    public TimeSpan PacingInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Lower bound of the check RTO; the RTO is MAX(this, Ta × pairs being checked) (RFC 8445 §14.3).
    /// </summary>
    public TimeSpan InitialRto { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Retransmissions of a check before it fails: Rc − 1 with Rc = 7 (RFC 8489 §6.2.1).</summary>
    public int MaxRetransmissions { get; init; } = 6;

    /// <summary>
    /// Controlling agent: how long after the first valid pair it waits for better pairs still being
    /// checked before nominating the best valid one (regular nomination, RFC 8445 §8.1.1).
    /// </summary>
    public TimeSpan NominationDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Checking without a selected pair for this long is failure.</summary>
    public TimeSpan CheckingTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Mean interval of consent checks, randomized ±20 % (RFC 7675 §5.1: 5 s).</summary>
    public TimeSpan ConsentInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Consent expires when no authenticated response arrived for this long (RFC 7675 §5.1: 30 s).</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Connected becomes Disconnected when, since the first unanswered consent check, nothing came back
    /// from the peer (no response, no check, no reported media) for this long.
    /// </summary>
    public TimeSpan DisconnectedTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Interval of consent checks while one is unanswered (fast failure and fast recovery detection).</summary>
    public TimeSpan ConsentProbeInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long gathering waits for the STUN server before giving up on the srflx candidate.</summary>
    public TimeSpan GatheringTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (LocalUsernameFragment is not null && !IceCredentials.IsValidUsernameFragment(LocalUsernameFragment))
        {
            throw new ArgumentException("LocalUsernameFragment must be 4–256 ice-chars (RFC 8839 §5.4).", nameof(LocalUsernameFragment));
        }

        if (LocalPassword is not null && !IceCredentials.IsValidPassword(LocalPassword))
        {
            throw new ArgumentException("LocalPassword must be 22–256 ice-chars (RFC 8839 §5.4).", nameof(LocalPassword));
        }

        RequirePositive(PacingInterval, nameof(PacingInterval));
        RequirePositive(InitialRto, nameof(InitialRto));
        RequirePositive(NominationDelay, nameof(NominationDelay), allowZero: true);
        RequirePositive(CheckingTimeout, nameof(CheckingTimeout));
        RequirePositive(ConsentInterval, nameof(ConsentInterval));
        RequirePositive(ConsentTimeout, nameof(ConsentTimeout));
        RequirePositive(DisconnectedTimeout, nameof(DisconnectedTimeout));
        RequirePositive(ConsentProbeInterval, nameof(ConsentProbeInterval));
        RequirePositive(GatheringTimeout, nameof(GatheringTimeout));
        if (MaxRetransmissions is < 0 or > 20)
        {
            throw new ArgumentException($"MaxRetransmissions must be 0–20, was {MaxRetransmissions}.", nameof(MaxRetransmissions));
        }

        if (ConsentTimeout <= ConsentInterval)
        {
            throw new ArgumentException("ConsentTimeout must exceed ConsentInterval, or consent would lapse between checks.", nameof(ConsentTimeout));
        }

        if (DisconnectedTimeout >= ConsentTimeout)
        {
            throw new ArgumentException("DisconnectedTimeout must be shorter than ConsentTimeout.", nameof(DisconnectedTimeout));
        }

        if (StunServer is { Port: 0 })
        {
            throw new ArgumentException("StunServer needs a port.", nameof(StunServer));
        }
    }

    private static void RequirePositive(TimeSpan value, string name, bool allowZero = false)
    {
        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero))
        {
            throw new ArgumentException($"{name} must be positive, was {value}.", name);
        }
    }
}
