using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StreamMesh.Mesh.Streams;

namespace StreamMesh.Mesh.Origin;

/// <summary>
/// Runs every stream of an origin (<see cref="OriginOptions.EffectiveStreams"/>), each under its own
/// <see cref="OriginStreamRunner"/>: streams are registered when the service is built, so WHEP finds them
/// at once, and one stream's broken source never stops the others.
/// </summary>
public sealed class OriginService : BackgroundService
{
    private readonly StreamRegistry _streams;
    private readonly OriginStreamRunner[] _runners;

    public OriginService(IOptions<OriginOptions> options, StreamRegistry streams, TimeProvider time, Microsoft.Extensions.Logging.ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(streams);
        _streams = streams;
        var configured = options.Value.EffectiveStreams;
        _runners = new OriginStreamRunner[configured.Count];
        for (var i = 0; i < configured.Count; i++)
        {
            _runners[i] = new OriginStreamRunner(configured[i], time, loggers);
            _streams.Add(_runners[i].Stream);
        }
    }

    /// <summary>One runner per configured stream, in configuration order.</summary>
    public IReadOnlyList<OriginStreamRunner> Runners => _runners;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var runs = new Task[_runners.Length];
        for (var i = 0; i < _runners.Length; i++)
        {
            runs[i] = _runners[i].RunAsync(stoppingToken);
        }

        return Task.WhenAll(runs);
    }

    public override void Dispose()
    {
        foreach (var runner in _runners)
        {
            _streams.Remove(runner.Stream.Name);
            runner.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose();
    }
}
