namespace StreamMesh.Rtc.Ice;

/// <summary>
/// Timing rules for a selected pair: consent freshness (RFC 7675) and the Disconnected heuristic.
/// Pure logic on monotonic times; the agent calls it under its lock.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Consent checks go out every <see cref="IceAgentOptions.ConsentInterval"/> randomized to
/// 0.8–1.2× (RFC 7675 §5.1), each a fresh transaction without retransmissions.</item>
/// <item>Consent is lost when no authenticated response came for <see cref="IceAgentOptions.ConsentTimeout"/>
/// (30 s); reported media does not count here, as RFC 7675 requires STUN.</item>
/// <item>While a check is unanswered, another follows every <see cref="IceAgentOptions.ConsentProbeInterval"/>
/// (a new transaction each time, like a retransmission schedule). If nothing at all arrives from the peer — response,
/// check or reported media — for <see cref="IceAgentOptions.DisconnectedTimeout"/> after the first unanswered
/// check, the pair is silent (Disconnected). Measuring from the first unanswered check, not from the last
/// packet, keeps a healthy but otherwise idle connection (one check every 4–6 s) from flapping.</item>
/// </list>
/// </remarks>
internal sealed class IceConsentMonitor(IceAgentOptions options)
{
    private TimeSpan _lastConsentAt;
    private TimeSpan _lastCheckSentAt;
    private TimeSpan _nextRegularCheckAt;
    private TimeSpan? _unansweredSince;
    private bool _running;

    public bool IsRunning => _running;

    /// <summary>Consent starts fresh when the pair is selected: its check just succeeded.</summary>
    public void Start(TimeSpan now)
    {
        _running = true;
        _lastConsentAt = now;
        _lastCheckSentAt = now;
        _unansweredSince = null;
        _nextRegularCheckAt = now + Randomized(options.ConsentInterval);
    }

    public void Stop() => _running = false;

    /// <summary>An authenticated success response to a check on the selected pair.</summary>
    public void OnConsentGranted(TimeSpan now)
    {
        _lastConsentAt = now;
        OnPeerActivity();
    }

    /// <summary>Anything from the peer on the selected pair: an authenticated check or reported media.</summary>
    public void OnPeerActivity() => _unansweredSince = null;

    public bool IsCheckDue(TimeSpan now) => _running && now >= NextCheckAt;

    public void OnCheckSent(TimeSpan now)
    {
        _lastCheckSentAt = now;
        _nextRegularCheckAt = now + Randomized(options.ConsentInterval);
        _unansweredSince ??= now;
    }

    /// <summary>Consent expired (RFC 7675 §5.1): the agent must stop sending.</summary>
    public bool IsExpired(TimeSpan now) => _running && now - _lastConsentAt >= options.ConsentTimeout;

    /// <summary>Nothing from the peer since a check went unanswered, for the disconnected timeout.</summary>
    public bool IsSilent(TimeSpan now) =>
        _running && _unansweredSince is TimeSpan since && now - since >= options.DisconnectedTimeout;

    /// <summary>The earliest time one of the rules above may change its answer.</summary>
    public TimeSpan NextDueAt
    {
        get
        {
            if (!_running)
            {
                return TimeSpan.MaxValue;
            }

            TimeSpan due = NextCheckAt;
            TimeSpan expiry = _lastConsentAt + options.ConsentTimeout;
            if (expiry < due)
            {
                due = expiry;
            }

            if (_unansweredSince is TimeSpan since && since + options.DisconnectedTimeout < due)
            {
                due = since + options.DisconnectedTimeout;
            }

            return due;
        }
    }

    private TimeSpan NextCheckAt => _unansweredSince is not null && _lastCheckSentAt + options.ConsentProbeInterval < _nextRegularCheckAt
        ? _lastCheckSentAt + options.ConsentProbeInterval
        : _nextRegularCheckAt;

    private static TimeSpan Randomized(TimeSpan interval) =>
        interval * (0.8 + (0.4 * Random.Shared.NextDouble()));
}
