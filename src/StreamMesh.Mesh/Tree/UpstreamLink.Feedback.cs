using StreamMesh.Mesh.Streams;
using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Rtcp;

namespace StreamMesh.Mesh.Tree;

/// <content>
/// Feedback to the parent and statistics of this hop: NACKs for gaps every 20 ms (RFC 4585 §6.2.1), at most one PLI per
/// interval for the children's keyframe requests, receiver reports once a second (RFC 3550 §6.4.2), and the bitrate, loss
/// and jitter the heartbeat reports.
/// </content>
public sealed partial class UpstreamLink
{
    private long _sampledBytes;
    private long _sampledExpected;
    private long _sampledLost;
    private long _sampledAt;

    // RFC 3550 §6.4.2: this hop reports its reception to the parent, so the parent sees per-hop loss and jitter.
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);
    private readonly uint _localSsrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
    private ReceiverStatistics? _videoStatistics;
    private ReceiverStatistics? _audioStatistics;
    private long _lastReportAt;
    private long _reportsSent;

    /// <summary>Bitrate, loss and jitter since the previous call. Called from one heartbeat loop.</summary>
    public UpstreamSample Sample()
    {
        long now = _time.GetTimestamp();
        long bytes = Interlocked.Read(ref _bytes);
        double seconds = _time.GetElapsedTime(_sampledAt == 0 ? now : _sampledAt, now).TotalSeconds;
        double kbps = seconds > 0 ? (bytes - _sampledBytes) * 8 / 1000.0 / seconds : 0;
        double loss = 0;
        double jitterMs = 0;
        if (_videoStatistics is { } stats)
        {
            // RFC 3550 A.3: expected from the extended highest sequence number, lost = expected - received.
            long lost = Math.Max(0, stats.CumulativeLost);
            long expected = stats.PacketsReceived + lost;
            long expectedInterval = expected - _sampledExpected;
            long lostInterval = lost - _sampledLost;
            loss = expectedInterval > 0 ? Math.Clamp((double)lostInterval / expectedInterval, 0, 1) : 0;
            jitterMs = stats.JitterTime.TotalMilliseconds;
            _sampledExpected = expected;
            _sampledLost = lost;
        }

        _sampledBytes = bytes;
        _sampledAt = now;
        return new UpstreamSample(Math.Round(kbps, 1), Math.Round(loss, 4), Math.Round(jitterMs, 2));
    }

    private void OnKeyframeRequested(LiveStream stream)
    {
        bool send;
        lock (_feedbackLock)
        {
            send = _keyframes.TryRequest();
        }

        if (send && _videoSsrc != 0)
        {
            Span<byte> pli = stackalloc byte[64];
            var length = new PictureLossIndication(1, _videoSsrc).WriteTo(pli);
            _connection.SendRtcp(pli, length);
        }
    }

    private void SendDueNacks()
    {
        SendReceiverReportIfDue();
        lock (_feedbackLock)
        {
            var count = _nacks.CollectDue(_lost);
            if (count == 0 || _videoSsrc == 0)
            {
                return;
            }

            Span<NackPair> pairs = stackalloc NackPair[count];
            var pairCount = GenericNack.BuildPairs(_lost.AsSpan(0, count), pairs);
            var nack = new GenericNack(1, _videoSsrc, pairs[..pairCount]);
            if (nack.Length + 32 <= _feedback.Length)
            {
                var length = nack.WriteTo(_feedback);
                _connection.SendRtcp(_feedback, length);
            }
        }
    }

    private void SendReceiverReportIfDue()
    {
        var now = _time.GetTimestamp();
        if (_videoStatistics is null || (_lastReportAt != 0 && _time.GetElapsedTime(_lastReportAt, now) < ReportInterval))
        {
            return;
        }

        _lastReportAt = now;
        Span<ReportBlock> blocks = stackalloc ReportBlock[2];
        var count = 0;
        foreach (var statistics in (ReadOnlySpan<ReceiverStatistics?>)[_videoStatistics, _audioStatistics])
        {
            if (statistics is { PacketsReceived: > 0 })
            {
                blocks[count++] = statistics.CreateReportBlock();
            }
        }

        lock (_feedbackLock)
        {
            // RFC 3550 §6.1: a compound starts with a report and carries the SDES CNAME.
            var writer = new RtcpCompoundWriter(_feedback.AsSpan(0, _feedback.Length - 32));
            writer.TryAppend(new ReceiverReport(_localSsrc, blocks[..count]));
            writer.TryAppend(new SourceDescription(_localSsrc, $"streammesh-relay-{_target.Name}"));
            if (_connection.SendRtcp(_feedback, writer.Length))
            {
                Interlocked.Increment(ref _reportsSent);
            }
        }
    }
}
