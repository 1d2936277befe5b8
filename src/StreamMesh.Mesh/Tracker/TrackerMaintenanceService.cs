using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StreamMesh.Mesh.Tracker;

/// <summary>
/// Drives <see cref="TrackerService.RunMaintenance"/> every <see cref="TrackerOptions.MaintenanceInterval"/> on the
/// injected <see cref="TimeProvider"/>: heartbeat expiry and periodic improvement.
/// </summary>
public sealed class TrackerMaintenanceService : BackgroundService
{
    private readonly TrackerService _tracker;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates the loop.</summary>
    public TrackerMaintenanceService(TrackerService tracker, TimeProvider timeProvider, ILogger<TrackerMaintenanceService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _tracker = tracker;
        _time = timeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Completes once the loop's timer is armed (ExecuteAsync starts on a background thread).</summary>
    public Task Running => _running.Task;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_tracker.Options.MaintenanceInterval, _time);
        _running.TrySetResult();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    _tracker.RunMaintenance();
                }
                catch (InvalidOperationException ex)
                {
                    // One bad pass must not stop expiry for good; the next tick retries.
                    TrackerLog.MaintenanceFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
