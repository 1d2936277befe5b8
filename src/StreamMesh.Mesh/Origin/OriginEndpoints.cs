using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace StreamMesh.Mesh.Origin;

/// <summary>HTTP surface of an origin's ingest: <c>GET /metrics/ingest</c>.</summary>
public static class OriginEndpoints
{
    public static IEndpointRouteBuilder MapOriginIngest(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics/ingest", (OriginService origin, TimeProvider time) =>
            Results.Text(IngestMetrics.Render(origin.Runners.Select(r => r.Status), time.GetUtcNow()), "text/plain; version=0.0.4; charset=utf-8"));
        return app;
    }
}
