using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StreamMesh.Mesh.Security;
using StreamMesh.Mesh.Streams;
using StreamMesh.Mesh.Tree;

namespace StreamMesh.Mesh.Whep;

/// <summary>
/// WHEP (draft-ietf-wish-whep): <c>POST /whep/{stream}</c> with an SDP offer creates a viewer
/// session (201, answer, Location); <c>DELETE</c> on the Location ends it. CORS is open so a player
/// served from another node can attach here.
/// </summary>
public static class WhepEndpoints
{
    public const string CorsPolicy = "whep";

    /// <summary>An offer larger than this is refused with 413; real browser offers are 4-12 KiB.</summary>
    public const int MaxOfferBytes = 64 * 1024;

    public static IServiceCollection AddWhep(this IServiceCollection services)
    {
        services.AddCors(o => o.AddPolicy(CorsPolicy, p => p
            .AllowAnyOrigin()
            .WithMethods("POST", "DELETE", "PATCH", "OPTIONS")
            .WithHeaders("Content-Type", "Authorization", "If-Match")
            .WithExposedHeaders("Location", "ETag", "Link")));
        services.AddSingleton<WhepSessionRegistry>();
        services.AddOptions<LimitsOptions>();
        services.TryAddSingleton<LimitCounters>();
        services.AddHostedService<WhepSessionReaper>();
        return services;
    }

    public static IEndpointRouteBuilder MapWhep(this IEndpointRouteBuilder app)
    {
        if (app is IApplicationBuilder builder)
        {
            builder.UseCors();
        }

        var group = app.MapGroup("/whep").RequireCors(CorsPolicy);
        group.MapPost("/{stream}", CreateSessionAsync);
        group.MapDelete("/{stream}/sessions/{id}", DeleteSessionAsync);

        // Trickle ICE and ICE restarts (PATCH) are not offered: the answer carries every candidate.
        group.MapMethods("/{stream}/sessions/{id}", ["PATCH"], () =>
            Results.Text("this server does not support trickle ICE or ICE restart; send a complete offer\n", statusCode: StatusCodes.Status405MethodNotAllowed));
        return app;
    }

    private static async Task<IResult> CreateSessionAsync(string stream, HttpRequest request, StreamRegistry streams, WhepSessionRegistry sessions, TreeMembership tree, IOptions<LimitsOptions> limits, LimitCounters counters, CancellationToken cancellationToken)
    {
        // Checked before the ticket, so a child turned away for capacity keeps its single-use ticket for a retry.
        if (limits.Value.MaxViewers > 0 && sessions.Count >= limits.Value.MaxViewers)
        {
            counters.Count(LimitKind.MaxViewers);
            request.HttpContext.Response.Headers.RetryAfter = "5";
            return SdpOfferRequest.Problem(StatusCodes.Status503ServiceUnavailable, $"this node already serves its maximum of {limits.Value.MaxViewers} viewers; try another node or retry later");
        }

        // In a tracker's tree only children the tracker assigned here may attach (a signed, single-use ticket).
        if (tree.AdmitAndCount(request.Headers.Authorization, stream) is { } refusal)
        {
            return SdpOfferRequest.Problem(StatusCodes.Status401Unauthorized, refusal);
        }

        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), "application/sdp", StringComparison.OrdinalIgnoreCase))
        {
            return SdpOfferRequest.Problem(StatusCodes.Status415UnsupportedMediaType, "the WHEP offer must be sent with Content-Type: application/sdp");
        }

        if (request.ContentLength > MaxOfferBytes)
        {
            return SdpOfferRequest.Problem(StatusCodes.Status413PayloadTooLarge, $"the offer is larger than {MaxOfferBytes} bytes");
        }

        if (!streams.TryGet(stream, out var live))
        {
            return SdpOfferRequest.Problem(StatusCodes.Status404NotFound, $"no stream named '{stream}' is served here");
        }

        var offer = await SdpOfferRequest.ReadBodyAsync(request, MaxOfferBytes, cancellationToken).ConfigureAwait(false);
        if (offer is null)
        {
            return SdpOfferRequest.Problem(StatusCodes.Status413PayloadTooLarge, $"the offer is larger than {MaxOfferBytes} bytes");
        }

        var outcome = await sessions.CreateAsync(live, offer, cancellationToken).ConfigureAwait(false);
        if (outcome.Error is { } error)
        {
            return SdpOfferRequest.Problem(outcome.StatusCode, error);
        }

        var session = outcome.Session!;
        var location = $"/whep/{Uri.EscapeDataString(stream)}/sessions/{session.Id}";
        return new SdpCreatedResult(location, session.AnswerSdp);
    }

    private static async Task<IResult> DeleteSessionAsync(string stream, string id, WhepSessionRegistry sessions)
    {
        return await sessions.DeleteAsync(stream, id).ConfigureAwait(false)
            ? Results.Ok()
            : SdpOfferRequest.Problem(StatusCodes.Status404NotFound, $"no session '{id}' on stream '{stream}'");
    }
}
