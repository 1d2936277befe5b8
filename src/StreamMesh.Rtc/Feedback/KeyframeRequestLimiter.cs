using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StreamMesh.Rtc.Feedback;

/// <summary>
/// Collapses keyframe requests (PLI, RFC 4585 §6.3.1; FIR, RFC 5104 §4.3.1) for one media source so
/// that at most one goes upstream per <see cref="KeyframeRequestLimiterOptions.MinInterval"/>, however
/// many children ask. A request suppressed while none has been answered is remembered: the next
/// keyframe satisfies it (a keyframe reaches every child), otherwise
/// <see cref="TryRequestPending"/> sends it once the interval allows.
/// </summary>
/// <remarks>Thread-safe (one lock). Used by the forwarding engine per source, and by the origin.</remarks>
public sealed class KeyframeRequestLimiter
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private long _lastSentAt;
    private bool _hasSent;
    private bool _awaitingKeyframe;
    private bool _deferred;

    /// <summary>Creates a limiter.</summary>
    public KeyframeRequestLimiter(KeyframeRequestLimiterOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        Options = options ?? new KeyframeRequestLimiterOptions();
        Options.Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The options in force.</summary>
    public KeyframeRequestLimiterOptions Options { get; }

    /// <summary>Requests sent upstream.</summary>
    public long SentCount { get; private set; }

    /// <summary>Requests collapsed into another one.</summary>
    public long SuppressedCount { get; private set; }

    /// <summary>True when a suppressed request still waits for a keyframe or a free slot.</summary>
    public bool HasPendingRequest
    {
        get
        {
            lock (_lock)
            {
                return _deferred;
            }
        }
    }

    /// <summary>
    /// A child (or the local decoder) wants a keyframe. True: send one PLI/FIR upstream now.
    /// False: it is covered by a recent request, or deferred until the interval allows.
    /// </summary>
    public bool TryRequest()
    {
        lock (_lock)
        {
            long now = _timeProvider.GetTimestamp();
            if (!_hasSent || _timeProvider.GetElapsedTime(_lastSentAt, now) >= Options.MinInterval)
            {
                MarkSent(now);
                return true;
            }

            SuppressedCount++;
            _deferred = true;
            FeedbackLog.KeyframeRequestSuppressed(_logger, _timeProvider.GetElapsedTime(_lastSentAt, now));
            return false;
        }
    }

    /// <summary>A keyframe arrived from upstream: every request made so far is answered.</summary>
    public void OnKeyframeReceived()
    {
        lock (_lock)
        {
            _awaitingKeyframe = false;
            _deferred = false;
        }
    }

    /// <summary>
    /// Poll from a timer. True: send a request now, because a suppressed one is still unanswered and
    /// the interval has passed, or because the last sent one went unanswered for
    /// <see cref="KeyframeRequestLimiterOptions.RetryUnansweredAfter"/>.
    /// </summary>
    public bool TryRequestPending()
    {
        lock (_lock)
        {
            if (!_hasSent)
            {
                return false;
            }

            long now = _timeProvider.GetTimestamp();
            TimeSpan elapsed = _timeProvider.GetElapsedTime(_lastSentAt, now);
            bool due = (_deferred && elapsed >= Options.MinInterval)
                || (_awaitingKeyframe && Options.RetryUnansweredAfter is { } retry && elapsed >= retry);
            if (!due)
            {
                return false;
            }

            MarkSent(now);
            return true;
        }
    }

    /// <summary>Time until <see cref="TryRequestPending"/> could return true, or null when nothing is pending.</summary>
    public TimeSpan? GetPendingDelay()
    {
        lock (_lock)
        {
            if (!_hasSent)
            {
                return null;
            }

            TimeSpan elapsed = _timeProvider.GetElapsedTime(_lastSentAt);
            TimeSpan? dueAfter = _deferred
                ? Options.MinInterval
                : _awaitingKeyframe ? Options.RetryUnansweredAfter : null;
            return dueAfter is { } after ? (after > elapsed ? after - elapsed : TimeSpan.Zero) : null;
        }
    }

    private void MarkSent(long now)
    {
        _lastSentAt = now;
        _hasSent = true;
        _awaitingKeyframe = true;
        _deferred = false;
        SentCount++;
    }
}
