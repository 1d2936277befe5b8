using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using StreamMesh.Mesh.Whip;

namespace StreamMesh.Mesh.Origin;

/// <summary>HTTP surface of an origin's ingest: <c>GET /metrics/ingest</c> and WHIP (<c>POST /whip/{stream}</c>).</summary>
public static class OriginEndpoints
{
    public static IEndpointRouteBuilder MapOriginIngest(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics/ingest", (OriginService origin, TimeProvider time) =>
            Results.Text(IngestMetrics.Render(origin.Runners.Select(r => r.Status), time.GetUtcNow()) + WhipMetrics.Render(origin.Runners), "text/plain; version=0.0.4; charset=utf-8"));
        app.MapWhipIngest();
        return app;
    }
}
