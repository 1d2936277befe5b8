using StreamMesh.Media.Payload;

namespace StreamMesh.Media.Audio;

/// <summary>
/// Watches the RTP sequence numbers and timestamps of a received audio stream and counts missing
/// packets and timeline discontinuities — the evidence a headless viewer reports about audio
/// quality. Sequence jumps follow RFC 3550 Appendix A.1 (loss up to 3000 packets ahead, late
/// packets up to 100 behind, anything else a restart).
/// </summary>
/// <remarks>
/// <see cref="Observe"/> is meant to be called from the receive path; <see cref="Statistics"/>
/// may be read from any thread (a lock keeps the snapshot consistent).
/// </remarks>
public sealed class AudioContinuityMonitor
{
    private readonly Lock _gate = new();
    private readonly int _defaultPacketSamples;
    private RtpSequenceTracker _sequence;
    private bool _hasPrevious;
    private uint _previousTimestamp;
    private int _previousDuration;
    private long _packets;
    private long _missing;
    private long _gaps;
    private long _late;
    private long _discontinuities;

    /// <summary>Creates a monitor.</summary>
    /// <param name="defaultPacketSamples">Packet duration in RTP timestamp units assumed when the caller gives none (960 = 20 ms of Opus).</param>
    public AudioContinuityMonitor(int defaultPacketSamples = 960)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(defaultPacketSamples);
        _defaultPacketSamples = defaultPacketSamples;
    }

    /// <summary>A consistent snapshot of the counters.</summary>
    public AudioContinuityStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                return new AudioContinuityStatistics(_packets, _missing, _gaps, _late, _discontinuities);
            }
        }
    }

    /// <summary>Records a received packet with the default duration.</summary>
    public void Observe(ushort sequenceNumber, uint timestamp) => Observe(sequenceNumber, timestamp, _defaultPacketSamples);

    /// <summary>Records a received packet.</summary>
    /// <param name="sequenceNumber">The RTP sequence number.</param>
    /// <param name="timestamp">The RTP timestamp.</param>
    /// <param name="durationSamples">The packet's duration in timestamp units (e.g. <c>OpusPacketSummary.TotalSamples</c>).</param>
    public void Observe(ushort sequenceNumber, uint timestamp, int durationSamples)
    {
        lock (_gate)
        {
            _packets++;
            SequenceStep step = _sequence.Observe(sequenceNumber, out int lost);
            switch (step)
            {
                case SequenceStep.Late:
                    _late++;
                    return;
                case SequenceStep.Restart:
                    _discontinuities++;
                    break;
                case SequenceStep.Gap:
                    _gaps++;
                    _missing += lost;
                    CheckTimeline(timestamp, lost);
                    break;
                default:
                    CheckTimeline(timestamp, 0);
                    break;
            }

            _hasPrevious = true;
            _previousTimestamp = timestamp;
            _previousDuration = durationSamples;
        }
    }

    // The lost packets are assumed to last as long as the one before them: anything else means
    // the timeline itself jumped.
    private void CheckTimeline(uint timestamp, int lost)
    {
        if (!_hasPrevious)
        {
            return;
        }

        uint expected = unchecked(_previousTimestamp + (uint)((lost + 1) * _previousDuration));
        if (timestamp != expected)
        {
            _discontinuities++;
        }
    }
}
