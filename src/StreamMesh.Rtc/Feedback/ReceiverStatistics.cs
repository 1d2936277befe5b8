using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamMesh.Rtc.Rtcp;

namespace StreamMesh.Rtc.Feedback;

/// <summary>
/// Reception statistics of one source, producing report blocks for RR/SR: sequence validation and
/// extended highest sequence number (RFC 3550 A.1), expected/lost/fraction lost (A.3),
/// interarrival jitter (A.8), and LSR/DLSR from the source's last SR (§6.4.1).
/// </summary>
/// <remarks>
/// Thread-safe (one lock): packets arrive on the receive path while a report timer reads.
/// Jitter is updated only for in-order packets: retransmissions arrive late by design and would
/// inflate it (libwebrtc does the same).
/// </remarks>
public sealed class ReceiverStatistics
{
    private const int SequenceModulo = 1 << 16;

    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly long _startTimestamp;

    private bool _initialized;
    private int _probation;
    private ushort _maxSequence;
    private uint _cycles;
    private uint _baseSequence;
    private int _badSequence;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;

    private bool _hasTransit;
    private uint _lastTransit;
    private double _jitter;

    private uint _lastSenderReport;
    private long _lastSenderReportArrival;
    private bool _hasSenderReport;

    /// <summary>Creates statistics for the source <paramref name="ssrc"/>.</summary>
    public ReceiverStatistics(uint ssrc, ReceiverStatisticsOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        Ssrc = ssrc;
        Options = options ?? new ReceiverStatisticsOptions();
        Options.Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _startTimestamp = _timeProvider.GetTimestamp();
    }

    /// <summary>The source reported on.</summary>
    public uint Ssrc { get; }

    /// <summary>The options in force.</summary>
    public ReceiverStatisticsOptions Options { get; }

    /// <summary>Valid packets received (duplicates included, as in A.3).</summary>
    public long PacketsReceived
    {
        get
        {
            lock (_lock)
            {
                return _received;
            }
        }
    }

    /// <summary>Cycles in the high 16 bits, highest sequence number in the low 16 (A.1); 0 before the source is valid.</summary>
    public uint ExtendedHighestSequenceNumber
    {
        get
        {
            lock (_lock)
            {
                return ExtendedMax;
            }
        }
    }

    /// <summary>Packets expected minus packets received since the source became valid (A.3), unclamped.</summary>
    public long CumulativeLost
    {
        get
        {
            lock (_lock)
            {
                return Expected - _received;
            }
        }
    }

    /// <summary>Interarrival jitter in timestamp units (A.8).</summary>
    public uint Jitter
    {
        get
        {
            lock (_lock)
            {
                return (uint)_jitter;
            }
        }
    }

    /// <summary>Interarrival jitter as a duration.</summary>
    public TimeSpan JitterTime => TimeSpan.FromSeconds((double)Jitter / Options.ClockRate);

    private uint ExtendedMax => _initialized && _probation == 0 ? _cycles + _maxSequence : 0;

    private long Expected => _initialized && _probation == 0 ? (long)_cycles + _maxSequence - _baseSequence + 1 : 0;

    /// <summary>Records a packet arriving now.</summary>
    public void OnPacket(ushort sequenceNumber, uint rtpTimestamp) =>
        OnPacket(sequenceNumber, rtpTimestamp, _timeProvider.GetTimestamp());

    /// <summary>Records a packet that arrived at <paramref name="arrivalTimestamp"/> (from <see cref="TimeProvider.GetTimestamp"/>).</summary>
    public void OnPacket(ushort sequenceNumber, uint rtpTimestamp, long arrivalTimestamp)
    {
        lock (_lock)
        {
            if (!_initialized)
            {
                InitSequence(sequenceNumber);
                _maxSequence = unchecked((ushort)(sequenceNumber - 1));
                _probation = Options.MinSequential;
                _initialized = true;
            }

            ushort previousMax = _maxSequence;
            bool hadProbation = _probation > 0;
            if (!UpdateSequence(sequenceNumber))
            {
                return;
            }

            bool inOrder = hadProbation || SerialNumberArithmetic.IsNewer(sequenceNumber, previousMax);
            if (inOrder)
            {
                UpdateJitter(rtpTimestamp, arrivalTimestamp);
            }
        }
    }

    /// <summary>Remembers the source's latest SR for LSR/DLSR in the next report block (RFC 3550 §6.4.1).</summary>
    public void OnSenderReport(NtpTimestamp ntpTime) => OnSenderReport(ntpTime, _timeProvider.GetTimestamp());

    /// <summary>Remembers an SR that arrived at <paramref name="arrivalTimestamp"/>.</summary>
    public void OnSenderReport(NtpTimestamp ntpTime, long arrivalTimestamp)
    {
        lock (_lock)
        {
            _lastSenderReport = ntpTime.Middle32;
            _lastSenderReportArrival = arrivalTimestamp;
            _hasSenderReport = true;
        }
    }

    /// <summary>
    /// Builds the report block for this source and starts a new reporting interval (fraction lost is
    /// computed over the packets since the previous call, A.3).
    /// </summary>
    public ReportBlock CreateReportBlock()
    {
        lock (_lock)
        {
            long expected = Expected;
            long lost = expected - _received;
            long expectedInterval = expected - _expectedPrior;
            long receivedInterval = _received - _receivedPrior;
            long lostInterval = expectedInterval - receivedInterval;
            _expectedPrior = expected;
            _receivedPrior = _received;

            byte fraction = expectedInterval == 0 || lostInterval <= 0
                ? (byte)0
                : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);

            uint delaySinceLast = 0;
            if (_hasSenderReport)
            {
                delaySinceLast = NtpTimestamp.TimeSpanToCompact(_timeProvider.GetElapsedTime(_lastSenderReportArrival));
            }

            return new ReportBlock(
                Ssrc,
                fraction,
                (int)Math.Clamp(lost, ReportBlock.MinCumulativeLost, ReportBlock.MaxCumulativeLost),
                ExtendedMax,
                (uint)_jitter,
                _hasSenderReport ? _lastSenderReport : 0,
                delaySinceLast);
        }
    }

    private void InitSequence(ushort sequenceNumber)
    {
        _baseSequence = sequenceNumber;
        _maxSequence = sequenceNumber;
        _badSequence = SequenceModulo + 1;
        _cycles = 0;
        _received = 0;
        _receivedPrior = 0;
        _expectedPrior = 0;
        _hasTransit = false;
    }

    // RFC 3550 A.1 update_seq: returns false for packets that do not (yet) count.
    private bool UpdateSequence(ushort sequenceNumber)
    {
        ushort delta = unchecked((ushort)(sequenceNumber - _maxSequence));
        if (_probation > 0)
        {
            if (sequenceNumber == unchecked((ushort)(_maxSequence + 1)))
            {
                _probation--;
                _maxSequence = sequenceNumber;
                if (_probation == 0)
                {
                    InitSequence(sequenceNumber);
                    _received++;
                    return true;
                }
            }
            else
            {
                _probation = Options.MinSequential - 1;
                _maxSequence = sequenceNumber;
            }

            return false;
        }

        if (delta < Options.MaxDropout)
        {
            if (sequenceNumber < _maxSequence)
            {
                _cycles += SequenceModulo;
            }

            _maxSequence = sequenceNumber;
        }
        else if (delta <= SequenceModulo - Options.MaxMisorder)
        {
            if (sequenceNumber != _badSequence)
            {
                _badSequence = (sequenceNumber + 1) & (SequenceModulo - 1);
                return false;
            }

            // Two sequential packets after a big jump: the source restarted (A.1).
            FeedbackLog.SequenceRestart(_logger, Ssrc, sequenceNumber);
            InitSequence(sequenceNumber);
        }

        _received++;
        return true;
    }

    // RFC 3550 A.8: J += (|D| - J) / 16 with D the change in relative transit time.
    private void UpdateJitter(uint rtpTimestamp, long arrivalTimestamp)
    {
        double elapsedSeconds = (double)(arrivalTimestamp - _startTimestamp) / _timeProvider.TimestampFrequency;
        uint arrival = unchecked((uint)(long)(elapsedSeconds * Options.ClockRate));
        uint transit = unchecked(arrival - rtpTimestamp);
        if (_hasTransit)
        {
            int d = unchecked((int)(transit - _lastTransit));
            _jitter += (Math.Abs((double)d) - _jitter) / 16.0;
        }

        _lastTransit = transit;
        _hasTransit = true;
    }
}
