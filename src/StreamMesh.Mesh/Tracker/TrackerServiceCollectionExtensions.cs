using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using StreamMesh.Mesh.Tracker.Dashboard;
using StreamMesh.Mesh.Tracker.Healing;
using StreamMesh.Mesh.Tracker.Tickets;

namespace StreamMesh.Mesh.Tracker;

/// <summary>Registers the tracker: options, ticket key, <see cref="TrackerService"/>, its maintenance loop and the dashboard broadcaster.</summary>
public static class TrackerServiceCollectionExtensions
{
    /// <summary>Adds the tracker with explicit options (validated here).</summary>
    public static IServiceCollection AddStreamMeshTracker(this IServiceCollection services, TrackerOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(_ => options.SigningKeyPath is { } path ? TicketIssuer.LoadOrCreate(path) : TicketIssuer.CreateEphemeral());
        services.AddSingleton(_ => new HttpPeerLivenessCheck(options.ReportCheckTimeout));
        services.AddSingleton(sp => new TrackerService(
            options,
            sp.GetRequiredService<TicketIssuer>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<TrackerService>>())
        {
            LivenessCheck = options.VerifyReports ? sp.GetRequiredService<HttpPeerLivenessCheck>() : null,
        });
        services.AddSingleton(sp => new DashboardBroadcaster(sp.GetRequiredService<TrackerService>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService(sp => sp.GetRequiredService<DashboardBroadcaster>());
        services.AddHostedService(sp => new TrackerMaintenanceService(
            sp.GetRequiredService<TrackerService>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<TrackerMaintenanceService>>()));
        return services;
    }

    /// <summary>Adds the tracker with options read from a configuration section (see <see cref="TrackerOptions.FromConfiguration"/>).</summary>
    public static IServiceCollection AddStreamMeshTracker(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddStreamMeshTracker(TrackerOptions.FromConfiguration(configuration));
    }
}
