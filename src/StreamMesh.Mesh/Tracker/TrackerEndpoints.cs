using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Mesh.Tracker.Dashboard;
using StreamMesh.Mesh.Tracker.Http;

namespace StreamMesh.Mesh.Tracker;

/// <summary>Maps the tracker's JSON API (see docs/tracker-api.md) onto an endpoint route builder.</summary>
public static class TrackerEndpoints
{
    /// <summary>
    /// Adds GET /api/tracker/key, GET /api/streams, POST /api/streams/{stream}/origins, /join, /confirm, /heartbeat,
    /// /leave, /unreachable, /tickets/verify, GET /api/streams/{stream}/tree and the dashboard (GET /dashboard,
    /// /api/dashboard/snapshot, /api/dashboard/events). Requires
    /// <see cref="TrackerServiceCollectionExtensions.AddStreamMeshTracker(IServiceCollection, TrackerOptions)"/>.
    /// </summary>
    public static IEndpointRouteBuilder MapStreamMeshTracker(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        TrackerJsonContext json = TrackerJsonContext.Default;

        endpoints.MapGet("/api/tracker/key", context =>
            TrackerHttp.WriteAsync(context, 200, Service(context).Key, json.TrackerKeyDto));

        endpoints.MapGet("/api/streams", context =>
            TrackerHttp.WriteAsync(context, 200, Service(context).ListStreams(), json.IReadOnlyListStreamSummaryDto));

        endpoints.MapGet("/api/streams/{stream}/tree", context =>
            TrackerHttp.WriteResultAsync(context, Service(context).GetTree(Stream(context)), json.TreeDto));

        MapPost(endpoints, "/api/streams/{stream}/origins", json.OriginRegistrationDto, json.OriginRegisteredDto,
            (service, context, stream, body) => service.RegisterOrigin(stream, body, context.Connection.RemoteIpAddress, BearerToken(context)));
        MapPost(endpoints, "/api/streams/{stream}/join", json.JoinRequestDto, json.JoinResponseDto,
            (service, context, stream, body) => service.Join(stream, body, context.Connection.RemoteIpAddress, BearerToken(context)));
        MapPost(endpoints, "/api/streams/{stream}/confirm", json.ConfirmRequestDto, json.ParentAssignmentDto,
            (service, _, stream, body) => service.Confirm(stream, body));
        MapPost(endpoints, "/api/streams/{stream}/heartbeat", json.HeartbeatRequestDto, json.ParentAssignmentDto,
            (service, _, stream, body) => service.Heartbeat(stream, body));
        MapPost(endpoints, "/api/streams/{stream}/leave", json.SessionRequestDto, json.LeaveResponseDto,
            (service, _, stream, body) => service.Leave(stream, body));
        MapPost(endpoints, "/api/streams/{stream}/unreachable", json.UnreachableRequestDto, json.ParentAssignmentDto,
            (service, context, stream, body) => service.ReportUnreachableAsync(stream, body, context.RequestAborted));
        MapPost(endpoints, "/api/streams/{stream}/tickets/verify", json.TicketCheckRequestDto, json.TicketCheckResponseDto,
            (service, _, stream, body) => service.CheckTicket(stream, body));
        endpoints.MapStreamMeshDashboard();
        return endpoints;
    }

    private static void MapPost<TRequest, TResponse>(
        IEndpointRouteBuilder endpoints,
        string pattern,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        Func<TrackerService, HttpContext, string, TRequest, TrackerResult<TResponse>> operation)
        where TRequest : class
        where TResponse : class
    {
        endpoints.MapPost(pattern, async context =>
        {
            TrackerService service = Service(context);
            (TRequest? body, ProblemDto? problem) = await TrackerHttp.ReadAsync(context, requestType, service.Options.MaxRequestBodyBytes).ConfigureAwait(false);
            if (body is null)
            {
                await TrackerHttp.WriteProblemAsync(context, problem!).ConfigureAwait(false);
                return;
            }

            await TrackerHttp.WriteResultAsync(context, operation(service, context, Stream(context), body), responseType).ConfigureAwait(false);
        });
    }

    private static void MapPost<TRequest, TResponse>(
        IEndpointRouteBuilder endpoints,
        string pattern,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        Func<TrackerService, HttpContext, string, TRequest, Task<TrackerResult<TResponse>>> operation)
        where TRequest : class
        where TResponse : class
    {
        endpoints.MapPost(pattern, async context =>
        {
            TrackerService service = Service(context);
            (TRequest? body, ProblemDto? problem) = await TrackerHttp.ReadAsync(context, requestType, service.Options.MaxRequestBodyBytes).ConfigureAwait(false);
            if (body is null)
            {
                await TrackerHttp.WriteProblemAsync(context, problem!).ConfigureAwait(false);
                return;
            }

            TrackerResult<TResponse> result = await operation(service, context, Stream(context), body).ConfigureAwait(false);
            await TrackerHttp.WriteResultAsync(context, result, responseType).ConfigureAwait(false);
        });
    }

    private static TrackerService Service(HttpContext context) => context.RequestServices.GetRequiredService<TrackerService>();

    private static string Stream(HttpContext context) => context.Request.RouteValues["stream"] as string ?? string.Empty;

    private static string? BearerToken(HttpContext context)
    {
        string? header = context.Request.Headers.Authorization;
        const string Prefix = "Bearer ";
        return header is not null && header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? header[Prefix.Length..].Trim() : null;
    }
}
