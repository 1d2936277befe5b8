using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StreamMesh.Mesh.Streams;
using StreamMesh.Mesh.Whep;
using StreamMesh.Rtc.Peer;

namespace StreamMesh.Mesh.Tree;

/// <summary>
/// A headless relay node: learns the streams from the tracker and runs one <see cref="RelayStreamRunner"/>
/// per stream, so each is pulled from the nearest parent with room and served to this node's children.
/// </summary>
public sealed partial class RelayService(TreeMembership tree, WebRtcEndpoint endpoint, StreamRegistry registry, WhepSessionRegistry sessions, TimeProvider time, ILoggerFactory loggers) : BackgroundService
{
    private static readonly TimeSpan DiscoveryInterval = TimeSpan.FromSeconds(2);

    private readonly ILogger _logger = loggers.CreateLogger<RelayService>();
    private readonly Dictionary<string, Task> _runners = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Streams => _runners.Keys;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var client = tree.Client ?? throw new InvalidOperationException("a relay needs --tracker");
        try
        {
            await DiscoverAsync(client, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            // Each runner leaves gracefully on shutdown (tracker, then BYE to its children): let them finish.
            try
            {
                await Task.WhenAll(_runners.Values).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // expected: the runners end by cancellation
            }
        }
    }

    private async Task DiscoverAsync(TrackerClient client, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await tree.EnsureTicketKeyAsync(stoppingToken).ConfigureAwait(false);
                foreach (var summary in await client.ListStreamsAsync(stoppingToken).ConfigureAwait(false))
                {
                    if (summary.Origins > 0 && !_runners.ContainsKey(summary.Stream))
                    {
                        LogStreamFound(_logger, summary.Stream);
                        var runner = new RelayStreamRunner(summary.Stream, tree, endpoint, registry, sessions, time, loggers);
                        _runners[summary.Stream] = runner.RunAsync(stoppingToken);
                    }
                }
            }
            catch (TrackerRequestException ex)
            {
                LogTrackerProblem(_logger, ex.Message);
            }

            await Task.Delay(DiscoveryInterval, time, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 440, Level = LogLevel.Information, Message = "Relaying stream {Stream}")]
    private static partial void LogStreamFound(ILogger logger, string stream);

    [LoggerMessage(EventId = 441, Level = LogLevel.Warning, Message = "Tracker: {Problem}; retrying")]
    private static partial void LogTrackerProblem(ILogger logger, string problem);
}
