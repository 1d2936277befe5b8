using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace StreamMesh.Mesh.Tracker.Dashboard;

/// <summary>
/// The live tree dashboard (docs/dashboard.md): GET /dashboard (one self-contained page, no external resources),
/// GET /api/dashboard/snapshot (JSON) and GET /api/dashboard/events (text/event-stream, one snapshot per event).
/// Everything lives under /dashboard and /api/dashboard/ so one path-prefix rule can protect it.
/// </summary>
public static class DashboardEndpoints
{
    private static readonly Lazy<byte[]> Page = new(LoadPage);

    /// <summary>Maps the dashboard routes. Requires the tracker services (AddStreamMeshTracker).</summary>
    public static IEndpointRouteBuilder MapStreamMeshDashboard(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/dashboard", async context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.CacheControl = "no-store";

            // The page needs nothing from elsewhere: keep it that way (and keep it from being framed).
            context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
            await context.Response.Body.WriteAsync(Page.Value, context.RequestAborted).ConfigureAwait(false);
        });
        endpoints.MapGet("/api/dashboard/snapshot", async context =>
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsync(Broadcaster(context).Snapshot(), context.RequestAborted).ConfigureAwait(false);
        });
        endpoints.MapGet("/api/dashboard/events", StreamEventsAsync);
        return endpoints;
    }

    private static async Task StreamEventsAsync(HttpContext context)
    {
        using DashboardSubscription? subscription = Broadcaster(context).Subscribe();
        if (subscription is null)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "5";
            await context.Response.WriteAsync("too many dashboard clients\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        // HTML Living Standard §9.2 (server-sent events): "data:" lines, an empty line ends each event; "retry:" sets
        // the client's reconnection delay.
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            await context.Response.WriteAsync("retry: 2000\n\n", context.RequestAborted).ConfigureAwait(false);
            await foreach (string json in subscription.Snapshots.ReadAllAsync(context.RequestAborted).ConfigureAwait(false))
            {
                await context.Response.WriteAsync(string.Concat("event: snapshot\ndata: ", json, "\n\n"), Encoding.UTF8, context.RequestAborted).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // the client went away; the subscription is released below
        }
        catch (IOException)
        {
            // connection reset while writing
        }
    }

    private static DashboardBroadcaster Broadcaster(HttpContext context) => context.RequestServices.GetRequiredService<DashboardBroadcaster>();

    private static byte[] LoadPage()
    {
        using Stream stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream("StreamMesh.Mesh.Tracker.Dashboard.dashboard.html")
            ?? throw new InvalidOperationException("the dashboard page is not embedded in StreamMesh.Mesh");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
