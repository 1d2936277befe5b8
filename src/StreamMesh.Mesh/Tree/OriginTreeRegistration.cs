using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StreamMesh.Mesh.Streams;
using StreamMesh.Mesh.Tracker.Contracts;

namespace StreamMesh.Mesh.Tree;

/// <summary>
/// Makes an origin a root of its stream's tree: registers it with the tracker once the stream can
/// serve a picture, then heartbeats (children, bitrate) and registers again if the tracker forgets it.
/// </summary>
public sealed partial class OriginTreeRegistration(TreeMembership tree, StreamRegistry streams, TimeProvider time, ILogger<OriginTreeRegistration> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (tree.Client is not { } client)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await tree.EnsureTicketKeyAsync(stoppingToken).ConfigureAwait(false);
                foreach (var stream in streams.All.Where(s => s.HasKeyframe).ToArray())
                {
                    var registered = await client.RegisterOriginAsync(stream.Name, new OriginRegistrationDto
                    {
                        PeerId = tree.PeerId,
                        Capacity = tree.Options.MaxChildren,
                        Url = tree.PublicUrl,
                        Site = tree.Options.Site,
                    }, tree.Options.OriginToken, stoppingToken).ConfigureAwait(false);
                    LogRegistered(logger, stream.Name, client.BaseAddress, registered.Site);
                    await HeartbeatUntilForgottenAsync(client, stream, registered, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (TrackerRequestException ex)
            {
                LogTrackerProblem(logger, ex.Message);
            }

            await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task HeartbeatUntilForgottenAsync(TrackerClient client, LiveStream stream, OriginRegisteredDto registered, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Clamp(registered.HeartbeatIntervalMs, 200, 30_000));
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            await client.HeartbeatAsync(stream.Name, new HeartbeatRequestDto
            {
                PeerId = tree.PeerId,
                Session = registered.Session,
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 420, Level = LogLevel.Information, Message = "Stream {Stream} registered as a root at tracker {Tracker} (site {Site})")]
    private static partial void LogRegistered(ILogger logger, string stream, Uri tracker, string site);

    [LoggerMessage(EventId = 421, Level = LogLevel.Warning, Message = "Tracker: {Problem}; retrying")]
    private static partial void LogTrackerProblem(ILogger logger, string problem);
}
