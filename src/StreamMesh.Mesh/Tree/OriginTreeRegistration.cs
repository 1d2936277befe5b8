using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StreamMesh.Mesh.Streams;
using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Mesh.Whep;
using StreamMesh.Rtc.Peer;

namespace StreamMesh.Mesh.Tree;

/// <summary>
/// Makes an origin a root of each of its streams' trees: registers every stream with the tracker once it can serve a
/// picture, then heartbeats each one on its own (children, bitrate, CPU, memory), registers again if the tracker
/// forgets it, and leaves on shutdown so the tracker re-homes the children at once.
/// </summary>
public sealed partial class OriginTreeRegistration(
    TreeMembership tree,
    StreamRegistry streams,
    WhepSessionRegistry sessions,
    WebRtcEndpoint endpoint,
    TimeProvider time,
    ILogger<OriginTreeRegistration> logger) : BackgroundService
{
    private static readonly TimeSpan DiscoveryInterval = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, Task> _registrations = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (tree.Client is not { } client)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await tree.EnsureTicketKeyAsync(stoppingToken).ConfigureAwait(false);
                    foreach (var stream in streams.All)
                    {
                        if (stream.HasKeyframe && !_registrations.ContainsKey(stream.Name))
                        {
                            _registrations[stream.Name] = KeepRegisteredAsync(client, stream.Name, stoppingToken);
                        }
                    }
                }
                catch (TrackerRequestException ex)
                {
                    LogTrackerProblem(logger, ex.Message);
                }

                await Task.Delay(DiscoveryInterval, time, stoppingToken).ConfigureAwait(false);
            }
        }
        finally
        {
            try
            {
                await Task.WhenAll(_registrations.Values).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // expected on shutdown
            }
        }
    }

    /// <summary>One stream: register, heartbeat until the tracker forgets us, register again; leave on shutdown.</summary>
    private async Task KeepRegisteredAsync(TrackerClient client, string stream, CancellationToken cancellationToken)
    {
        OriginRegisteredDto? registered = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    registered = await client.RegisterOriginAsync(stream, new OriginRegistrationDto
                    {
                        PeerId = tree.PeerId,
                        Capacity = tree.Options.MaxChildren,
                        Url = tree.PublicUrl,
                        Site = tree.Options.Site,
                    }, tree.Options.OriginToken, cancellationToken).ConfigureAwait(false);
                    LogRegistered(logger, stream, client.BaseAddress, registered.Site);
                    await HeartbeatUntilForgottenAsync(client, stream, registered, cancellationToken).ConfigureAwait(false);
                }
                catch (TrackerRequestException ex)
                {
                    registered = null;
                    LogTrackerProblem(logger, ex.Message);
                }

                await Task.Delay(DiscoveryInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (registered is not null && cancellationToken.IsCancellationRequested)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), time);
                try
                {
                    await client.LeaveAsync(stream, new SessionRequestDto { PeerId = tree.PeerId, Session = registered.Session }, timeout.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is TrackerRequestException or OperationCanceledException or HttpRequestException)
                {
                    LogTrackerProblem(logger, $"leave not acknowledged ({ex.Message})");
                }
            }
        }
    }

    private async Task HeartbeatUntilForgottenAsync(TrackerClient client, string stream, OriginRegisteredDto registered, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Clamp(registered.HeartbeatIntervalMs, 100, 30_000));
        var usage = new NodeUsageSampler(endpoint.Mux, time);
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            var (cpu, memory, sendKbps) = usage.Sample();
            var children = 0;
            foreach (var session in sessions.Sessions)
            {
                if (session.Stream.Name == stream && session.Connection.State == PeerConnectionState.Connected)
                {
                    children++;
                }
            }

            await client.HeartbeatAsync(stream, new HeartbeatRequestDto
            {
                PeerId = tree.PeerId,
                Session = registered.Session,
                Stats = new PeerStatsDto { SendKbps = sendKbps, Children = children, CpuPercent = cpu, MemoryMb = memory },
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 420, Level = LogLevel.Information, Message = "Stream {Stream} registered as a root at tracker {Tracker} (site {Site})")]
    private static partial void LogRegistered(ILogger logger, string stream, Uri tracker, string site);

    [LoggerMessage(EventId = 421, Level = LogLevel.Warning, Message = "Tracker: {Problem}; retrying")]
    private static partial void LogTrackerProblem(ILogger logger, string problem);
}
