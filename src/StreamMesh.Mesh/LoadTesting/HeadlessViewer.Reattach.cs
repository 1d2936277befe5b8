using StreamMesh.Rtc.Peer;
using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Negotiation;

namespace StreamMesh.Mesh.LoadTesting;

/// <summary>
/// Moving to another parent (the relay tree): a new socket and peer connection to the new parent
/// while the measurement (gaps, latency, totals) carries on, so the silence of a failover shows as a
/// gap of this one viewer.
/// </summary>
public sealed partial class HeadlessViewer
{
    /// <summary>Video silences at least this long are kept as gap events (failovers, stalls).</summary>
    public static readonly TimeSpan GapEventThreshold = TimeSpan.FromMilliseconds(100);

    private readonly Lock _eventsLock = new();
    private readonly List<double> _gapEventsMs = [];
    private readonly List<double> _reattachMs = [];
    private readonly List<ReceivedStreamReport> _earlierStreams = [];
    private int _reattaching;
    private long _earlierPackets;
    private long _earlierBytes;

    /// <summary>
    /// True for viewers in a tree: a failed parent link leaves the viewer <see cref="HeadlessViewerState.Disconnected"/>
    /// (to be moved by <see cref="ReattachAsync"/>) instead of failed.
    /// </summary>
    public bool Reattachable { get; set; }

    /// <summary>The parent's peer id, when the target named it.</summary>
    public string? ParentId { get; private set; }

    /// <summary>Why the last reattach attempt failed, if it did.</summary>
    public string? LastReattachFailure { get; private set; }

    /// <summary>Time since the last video packet (zero before the first one).</summary>
    public TimeSpan VideoSilence
    {
        get
        {
            long last = Volatile.Read(ref _lastVideoAt);
            return last == 0 ? TimeSpan.Zero : _time.GetElapsedTime(last);
        }
    }

    /// <summary>Video silences of at least <see cref="GapEventThreshold"/>, in ms, in order.</summary>
    public IReadOnlyList<double> GapEventsMs
    {
        get
        {
            lock (_eventsLock)
            {
                return [.. _gapEventsMs];
            }
        }
    }

    /// <summary>For every successful reattach: ms from the last video packet of the old parent to connected on the new one.</summary>
    public IReadOnlyList<double> ReattachTimesMs
    {
        get
        {
            lock (_eventsLock)
            {
                return [.. _reattachMs];
            }
        }
    }

    /// <summary>Remembers the parent of the first connection (called by the run after a target was resolved).</summary>
    internal void SetParent(string? parentId) => ParentId = parentId;

    /// <summary>
    /// Connects to <paramref name="target"/> and drops the current parent. Never throws for network
    /// or protocol failures: returns false (see <see cref="LastReattachFailure"/>) and may be retried.
    /// </summary>
    public async Task<bool> ReattachAsync(WhepTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (State is HeadlessViewerState.Pending or HeadlessViewerState.Connecting or HeadlessViewerState.Failed or HeadlessViewerState.Closed
            || Interlocked.Exchange(ref _reattaching, 1) != 0)
        {
            return false;
        }

        long lastPacket = Volatile.Read(ref _lastVideoAt);
        var oldConnection = _connection;
        var oldEndpoint = _endpoint;
        var oldResource = _resource;
        FoldStreams();
        var settled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _settled = settled;
        bool connected = false;
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            connected = await OpenAsync(target, settled, linked.Token).ConfigureAwait(false);
            if (!connected)
            {
                LastReattachFailure ??= "the new parent's connection failed";
            }
        }
        catch (OperationCanceledException)
        {
            LastReattachFailure = "not connected to the new parent in time";
        }
        catch (Exception ex) when (ex is HttpRequestException or SdpParseException or SdpNegotiationException or System.Net.Sockets.SocketException or InvalidOperationException or IOException)
        {
            LastReattachFailure = ex.Message;
        }
        finally
        {
            Volatile.Write(ref _reattaching, 0);
        }

        _ = CloseLinkAsync(oldConnection, oldEndpoint, oldResource);
        if (!connected)
        {
            // Leave nothing half-open; the next attempt starts from a clean slate.
            var failed = _connection;
            var failedEndpoint = _endpoint;
            if (!ReferenceEquals(failed, oldConnection))
            {
                _ = CloseLinkAsync(failed, failedEndpoint, null);
            }

            TransitionFromLive(HeadlessViewerState.Disconnected);
            return false;
        }

        LastReattachFailure = null;
        ParentId = target.ParentId;
        lock (_eventsLock)
        {
            _reattachMs.Add(lastPacket == 0 ? 0 : _time.GetElapsedTime(lastPacket).TotalMilliseconds);
        }

        TransitionFromLive(HeadlessViewerState.Connected);
        return true;
    }

    private void RecordGapEvent(TimeSpan gap)
    {
        lock (_eventsLock)
        {
            _gapEventsMs.Add(gap.TotalMilliseconds);
        }
    }

    private void ClearGapEvents()
    {
        lock (_eventsLock)
        {
            _gapEventsMs.Clear();
        }
    }

    private void FailAttempt(string reason)
    {
        if (Volatile.Read(ref _reattaching) != 0)
        {
            LastReattachFailure = reason;
        }
        else
        {
            Fail(reason);
        }
    }

    /// <summary>Keeps the totals of the streams of the parent being left; the new parent has its own SSRCs.</summary>
    private void FoldStreams()
    {
        lock (_eventsLock)
        {
            foreach (var stream in new[] { Video, VideoRetransmission, Audio })
            {
                if (stream is not null)
                {
                    var report = stream.CreateReport();
                    _earlierStreams.Add(report);
                    Interlocked.Add(ref _earlierPackets, report.Packets);
                    Interlocked.Add(ref _earlierBytes, report.Bytes);
                }
            }
        }

        Volatile.Write(ref _video, null);
        Volatile.Write(ref _videoRtx, null);
        Volatile.Write(ref _audio, null);
    }

    /// <summary>Packets received from parents this viewer has left (see <see cref="ReattachAsync"/>).</summary>
    public long EarlierPackets => Interlocked.Read(ref _earlierPackets);

    /// <summary>Bytes received from parents this viewer has left.</summary>
    public long EarlierBytes => Interlocked.Read(ref _earlierBytes);

    private IReadOnlyList<ReceivedStreamReport> EarlierStreams
    {
        get
        {
            lock (_eventsLock)
            {
                return [.. _earlierStreams];
            }
        }
    }

    private async Task CloseLinkAsync(RtcPeerConnection? connection, WebRtcEndpoint? endpoint, Uri? resource)
    {
        if (resource is not null)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), _time);
                using var response = await _http.DeleteAsync(resource, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                // the old parent is usually dead: that is why we moved
            }
        }

        if (connection is not null)
        {
            connection.StateChanged -= OnStateChanged;
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        if (endpoint is not null)
        {
            await endpoint.DisposeAsync().ConfigureAwait(false);
        }
    }
}
