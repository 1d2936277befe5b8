using Microsoft.Extensions.Logging;

namespace StreamMesh.Mesh.LoadTesting;

/// <summary>
/// Heals viewers in a tree: a viewer whose video falls silent (or whose parent link fails) is moved to
/// the parent the tracker assigns instead, and moves the tracker announces are followed. At most one
/// reattach runs per viewer at a time.
/// </summary>
/// <remarks>Threading: <see cref="Check"/> from the run's timer; the reattaches run on the thread pool.</remarks>
internal sealed class ViewerReattacher(IReattachingWhepTargetSource source, TimeSpan silenceLimit, TimeSpan patience, TimeProvider time, ILogger logger)
{
    // A live but silent parent is waited for (it heals its own upstream), so allow for a long heal.
    private const int MaxAttempts = 200;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(150);

    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<int, Task> _running = [];

    /// <summary>Starts a reattach for every viewer that needs one and is not already moving.</summary>
    public void Check(IReadOnlyList<HeadlessViewer> viewers)
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        foreach (var viewer in viewers)
        {
            if (!viewer.Reattachable || IsRunning(viewer.Index))
            {
                continue;
            }

            var state = viewer.State;
            if (state is not (HeadlessViewerState.Connected or HeadlessViewerState.Disconnected))
            {
                continue;
            }

            string? reason = null;
            WhepTarget? move = null;
            if (source.TryTakeMove(viewer.Index, out move))
            {
                reason = "moved by the tracker";
            }
            else if (state == HeadlessViewerState.Disconnected)
            {
                reason = "parent link failed";
            }
            else if (viewer.VideoSilence > silenceLimit)
            {
                reason = $"no video for {viewer.VideoSilence.TotalMilliseconds:0} ms";
            }

            if (reason is not null)
            {
                Start(viewer, move, reason);
            }
        }
    }

    /// <summary>Stops starting reattaches and waits for the running ones.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        Task[] running;
        lock (_gate)
        {
            running = [.. _running.Values];
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        _stop.Dispose();
    }

    private bool IsRunning(int index)
    {
        lock (_gate)
        {
            return _running.TryGetValue(index, out var task) && !task.IsCompleted;
        }
    }

    private void Start(HeadlessViewer viewer, WhepTarget? move, string reason)
    {
        lock (_gate)
        {
            _running[viewer.Index] = Task.Run(() => ReattachAsync(viewer, move, reason, _stop.Token));
        }
    }

    private async Task ReattachAsync(HeadlessViewer viewer, WhepTarget? target, string reason, CancellationToken cancellationToken)
    {
        try
        {
            for (int attempt = 1; attempt <= MaxAttempts && !cancellationToken.IsCancellationRequested; attempt++)
            {
                bool linkFailed = viewer.State == HeadlessViewerState.Disconnected;
                if (target is null && !linkFailed && viewer.VideoSilence <= silenceLimit)
                {
                    return; // media resumed: the parent healed its own upstream
                }

                // A live parent gets time to heal its own upstream; after that the viewer moves anyway.
                bool force = linkFailed || viewer.VideoSilence > patience;
                target ??= await source.ReattachAsync(viewer.Index, force, cancellationToken).ConfigureAwait(false);
                if (target is not null)
                {
                    if (await viewer.ReattachAsync(target, cancellationToken).ConfigureAwait(false))
                    {
                        LoadTestingLog.Reattached(logger, viewer.Index, target.ParentId, reason);
                        return;
                    }

                    LoadTestingLog.ReattachFailed(logger, viewer.Index, attempt, viewer.LastReattachFailure);
                    target = null;
                }

                // Back off while the tracker has no slot to give, so a hundred waiting viewers do not hammer it.
                await Task.Delay(RetryDelay * Math.Min(attempt, 8), time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // the run is over
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException)
        {
            LoadTestingLog.ReattachFailed(logger, viewer.Index, 0, ex.Message);
        }
    }
}
