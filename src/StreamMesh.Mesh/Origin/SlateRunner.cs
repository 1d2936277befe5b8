using Microsoft.Extensions.Logging;
using StreamMesh.Media.Sources;

namespace StreamMesh.Mesh.Origin;

/// <summary>
/// Feeds a stream's slate (<see cref="SlateInputBuilder"/>) through its <see cref="StreamPublisher"/> while the
/// real source is down. Started and stopped only by the stream's supervisor task.
/// </summary>
internal sealed class SlateRunner : IAsyncDisposable
{
    private readonly MediaSourceOptions _options;
    private readonly StreamPublisher _publisher;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private CancellationTokenSource? _stop;
    private Task _running = Task.CompletedTask;

    public SlateRunner(MediaSourceOptions streamOptions, StreamPublisher publisher, TimeProvider time, ILogger logger)
    {
        // The slate is always transcoded in the stream's configured format: it must start with a keyframe
        // viewers can decode, whatever the real source does.
        _options = streamOptions with { Uri = SlateInputBuilder.SlateUri, Passthrough = VideoPassthrough.Never, VideoBitrateKbps = Math.Min(streamOptions.VideoBitrateKbps, 500) };
        _publisher = publisher;
        _time = time;
        _logger = logger;
    }

    public bool IsRunning => !_running.IsCompleted;

    /// <summary>Starts the slate unless it is already on air.</summary>
    public void EnsureRunning(CancellationToken cancellationToken)
    {
        if (IsRunning)
        {
            return;
        }

        _stop?.Dispose();
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _running = RunAsync(_stop.Token);
    }

    /// <summary>Takes the slate off air and waits until its last frame was published.</summary>
    public async Task StopAsync()
    {
        if (_stop is { } stop)
        {
            try
            {
                await stop.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // The host disposed the runner while the supervisor's finally was stopping it: DisposeAsync
                // cancelled the same source before disposing it, so the slate is already coming off air.
            }
        }

        await _running.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop?.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var slate = new FfmpegMediaSource(_options, _time, _logger, new SlateInputBuilder());
            await slate.StartAsync(cancellationToken).ConfigureAwait(false);
            await _publisher.PumpAsync(slate, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // taken off air
        }
        catch (MediaSourceException)
        {
            // Logged by the source; the supervisor starts the slate again at the next failure.
        }
    }
}
