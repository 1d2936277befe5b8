using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace StreamMesh.Mesh.Hosting.Emulation;

/// <summary>Delays answers to RTT probes (<c>GET /healthz</c>) by the emulated RTT to the prober's site.</summary>
public static class EmulatedLatencyMiddleware
{
    /// <summary>Adds the probe delay when the node emulates latency; a no-op otherwise.</summary>
    public static IApplicationBuilder UseEmulatedProbeLatency(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var latency = app.ApplicationServices.GetService<EmulatedLatency>();
        if (latency?.Table is null)
        {
            return app;
        }

        var time = app.ApplicationServices.GetService<TimeProvider>() ?? TimeProvider.System;
        return app.Use(async (context, next) =>
        {
            if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path.Equals("/healthz", StringComparison.Ordinal))
            {
                var delay = latency.ProbeDelay(context);
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, time, context.RequestAborted).ConfigureAwait(false);
                }
            }

            await next(context).ConfigureAwait(false);
        });
    }
}
