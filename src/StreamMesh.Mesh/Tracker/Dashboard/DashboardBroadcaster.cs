using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;

namespace StreamMesh.Mesh.Tracker.Dashboard;

/// <summary>
/// Pushes dashboard snapshots to server-sent-event clients: one every <see cref="Interval"/> and, debounced by
/// <see cref="ChangeDebounce"/>, soon after any tree change. A snapshot is built and serialised once per push and only
/// while someone watches. Each client has a bounded buffer that drops its oldest snapshot when the client is slow
/// (the next one supersedes it anyway). Thread-safe.
/// </summary>
public sealed class DashboardBroadcaster : BackgroundService
{
    /// <summary>Period of snapshots without changes.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Shortest spacing of change-driven snapshots.</summary>
    public static readonly TimeSpan ChangeDebounce = TimeSpan.FromMilliseconds(200);

    /// <summary>Snapshots buffered per client before the oldest is dropped.</summary>
    public const int ClientBuffer = 4;

    private readonly TrackerService _tracker;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly List<Channel<string>> _clients = [];
    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sequence;

    /// <summary>Creates the broadcaster; it listens to <paramref name="tracker"/>'s changes.</summary>
    public DashboardBroadcaster(TrackerService tracker, TimeProvider timeProvider, int maxClients = 64)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxClients, 1);
        _tracker = tracker;
        _time = timeProvider;
        MaxClients = maxClients;
        tracker.TreeChanged += (_, _) => _changed.Writer.TryWrite(true);
    }

    /// <summary>Completes once the loop's first wait is armed (ExecuteAsync starts on a background thread).</summary>
    public Task Running => _running.Task;

    /// <summary>Most concurrent clients; more are refused.</summary>
    public int MaxClients { get; }

    /// <summary>Clients currently subscribed.</summary>
    public int ClientCount
    {
        get
        {
            lock (_lock)
            {
                return _clients.Count;
            }
        }
    }

    /// <summary>Adds a client; null when <see cref="MaxClients"/> are connected. Dispose the subscription on disconnect.</summary>
    public DashboardSubscription? Subscribe()
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(ClientBuffer)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = true,
        });
        lock (_lock)
        {
            if (_clients.Count >= MaxClients)
            {
                return null;
            }

            _clients.Add(channel);
        }

        // The first snapshot goes out at once rather than up to a second later.
        channel.Writer.TryWrite(Snapshot());
        return new DashboardSubscription(channel.Reader, () => Unsubscribe(channel));
    }

    /// <summary>The current snapshot as JSON.</summary>
    public string Snapshot()
    {
        var snapshot = new DashboardSnapshotDto
        {
            GeneratedAt = _time.GetUtcNow(),
            Sequence = Interlocked.Increment(ref _sequence),
            Streams = _tracker.GetDashboardStreams(),
        };
        return JsonSerializer.Serialize(snapshot, DashboardJsonContext.Default.DashboardSnapshotDto);
    }

    /// <summary>Builds one snapshot and offers it to every client (used by the loop; public for tests).</summary>
    public void Publish()
    {
        Channel<string>[] clients;
        lock (_lock)
        {
            if (_clients.Count == 0)
            {
                return;
            }

            clients = [.. _clients];
        }

        string json = Snapshot();
        foreach (Channel<string> client in clients)
        {
            client.Writer.TryWrite(json);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                bool changed = await WaitForChangeAsync(stoppingToken).ConfigureAwait(false);
                Publish();
                if (changed)
                {
                    await Task.Delay(ChangeDebounce, _time, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            lock (_lock)
            {
                foreach (Channel<string> client in _clients)
                {
                    client.Writer.TryComplete();
                }

                _clients.Clear();
            }
        }
    }

    /// <summary>Waits for a tree change or one <see cref="Interval"/>, whichever is first; true on a change.</summary>
    private async Task<bool> WaitForChangeAsync(CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(Interval, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        _running.TrySetResult();
        try
        {
            await _changed.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
            _changed.Reader.TryRead(out _);
            return true;
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private void Unsubscribe(Channel<string> channel)
    {
        lock (_lock)
        {
            _clients.Remove(channel);
        }

        channel.Writer.TryComplete();
    }
}
