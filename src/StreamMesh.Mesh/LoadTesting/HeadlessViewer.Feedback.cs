using StreamMesh.Rtc.Rtcp;

namespace StreamMesh.Mesh.LoadTesting;

/// <summary>What the viewer sends back, as a browser would: NACKs, PLI when NACK cannot help, receiver reports.</summary>
public sealed partial class HeadlessViewer
{
    // SRTCP adds a 4-byte index and a 10-byte tag (RFC 3711 §3.4); leave room for it after the compound.
    private const int SrtcpHeadroom = 32;
    private const int MaxNacksPerPacket = 64;

    private readonly Lock _feedbackLock = new();
    private readonly byte[] _feedbackBuffer = new byte[1200];
    private readonly uint _localSsrc;
    private readonly string _cname;
    private long _lastReportAt;
    private long _nacksSent;
    private long _plisSent;
    private long _reportsSent;

    /// <summary>Generic NACK packets sent (RFC 4585 §6.2.1).</summary>
    public long NacksSent => Volatile.Read(ref _nacksSent);

    /// <summary>PLIs sent after losses NACK could not repair (RFC 4585 §6.3.1).</summary>
    public long PictureLossIndicationsSent => Volatile.Read(ref _plisSent);

    /// <summary>RTCP receiver reports sent (RFC 3550 §6.4.2).</summary>
    public long ReceiverReportsSent => Volatile.Read(ref _reportsSent);

    /// <summary>Sender reports received from the node.</summary>
    public long SenderReportsReceived => Volatile.Read(ref _senderReports);

    /// <summary>
    /// Periodic feedback, called by the run every few tens of milliseconds: repeats NACKs that are due
    /// and sends a receiver report once per <see cref="HeadlessViewerOptions.ReceiverReportInterval"/>.
    /// </summary>
    public void Tick()
    {
        if (State != HeadlessViewerState.Connected)
        {
            return;
        }

        if (_video is { } video)
        {
            SendDueNacks(video);
        }

        if (_audio is { } audio)
        {
            SendDueNacks(audio);
        }

        long now = _time.GetTimestamp();
        if (_lastReportAt == 0 || _time.GetElapsedTime(_lastReportAt, now) >= _options.ReceiverReportInterval)
        {
            _lastReportAt = now;
            SendReceiverReport();
        }
    }

    private void SendDueNacks(ReceivedStream stream)
    {
        var connection = _connection;
        if (connection is null || stream.Nacks is null)
        {
            return;
        }

        Span<ushort> due = stackalloc ushort[MaxNacksPerPacket];
        Span<NackPair> pairs = stackalloc NackPair[MaxNacksPerPacket];
        lock (_feedbackLock)
        {
            int count = stream.Nacks.CollectDue(due);
            if (count == 0)
            {
                return;
            }

            int pairCount = GenericNack.BuildPairs(due[..count], pairs);
            var writer = new RtcpCompoundWriter(_feedbackBuffer.AsSpan(0, _feedbackBuffer.Length - SrtcpHeadroom));

            // RFC 4585 §3.1 compound: a (block-less) RR first, then the feedback message.
            writer.TryAppend(new ReceiverReport(_localSsrc));
            writer.TryAppend(new GenericNack(_localSsrc, stream.Ssrc, pairs[..pairCount]));
            if (connection.SendRtcp(_feedbackBuffer, writer.Length))
            {
                Volatile.Write(ref _nacksSent, _nacksSent + 1);
            }
        }
    }

    private void SendPictureLossIndication(ReceivedStream stream)
    {
        var connection = _connection;
        if (connection is null)
        {
            return;
        }

        lock (_feedbackLock)
        {
            var writer = new RtcpCompoundWriter(_feedbackBuffer.AsSpan(0, _feedbackBuffer.Length - SrtcpHeadroom));
            writer.TryAppend(new ReceiverReport(_localSsrc));
            writer.TryAppend(new PictureLossIndication(_localSsrc, stream.Ssrc));
            if (connection.SendRtcp(_feedbackBuffer, writer.Length))
            {
                Volatile.Write(ref _plisSent, _plisSent + 1);
            }
        }
    }

    private void SendReceiverReport()
    {
        var connection = _connection;
        if (connection is null)
        {
            return;
        }

        Span<ReportBlock> blocks = stackalloc ReportBlock[2];
        int count = 0;
        if (_video is { } video)
        {
            blocks[count++] = video.Statistics.CreateReportBlock();
        }

        if (_audio is { } audio)
        {
            blocks[count++] = audio.Statistics.CreateReportBlock();
        }

        lock (_feedbackLock)
        {
            // RFC 3550 §6.1: a compound starts with a report and carries the SDES CNAME.
            var writer = new RtcpCompoundWriter(_feedbackBuffer.AsSpan(0, _feedbackBuffer.Length - SrtcpHeadroom));
            writer.TryAppend(new ReceiverReport(_localSsrc, blocks[..count]));
            writer.TryAppend(new SourceDescription(_localSsrc, _cname));
            if (connection.SendRtcp(_feedbackBuffer, writer.Length))
            {
                Volatile.Write(ref _reportsSent, _reportsSent + 1);
            }
        }
    }
}
