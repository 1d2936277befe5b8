using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StreamMesh.Mesh.Hosting;

namespace StreamMesh.Mesh.Security;

/// <summary>Registration of the node-wide protections: admin token, per-address rate limits, limit counters.</summary>
public static class SecurityServiceCollectionExtensions
{
    /// <summary>Adds <see cref="AdminOptions"/>, <see cref="LimitsOptions"/> (validated at start-up), the rate limiters and counters.</summary>
    public static IServiceCollection AddStreamMeshSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<AdminOptions>(configuration, AdminOptions.Section);
        services.AddValidatedOptions<LimitsOptions>(configuration, LimitsOptions.Section);
        services.TryAddSingleton<LimitCounters>();
        services.TryAddSingleton<HttpRateLimits>();
        return services;
    }

    /// <summary>Adds the admin-token and rate-limit middleware; call before mapping endpoints (order does not matter for prefixes).</summary>
    public static IApplicationBuilder UseStreamMeshSecurity(this IApplicationBuilder app)
    {
        app.UseMiddleware<AdminTokenMiddleware>();
        app.UseMiddleware<HttpLimitsMiddleware>();
        return app;
    }
}
