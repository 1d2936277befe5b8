using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using StreamMesh.Mesh.Whep;

namespace StreamMesh.Mesh.Whip;

/// <summary>
/// WHIP ingest (RFC 9725): <c>POST /whip/{stream}</c> with an SDP offer makes the sender the publisher of a
/// <c>whip</c> stream (201, answer, Location, §4.2); <c>DELETE</c> on the Location ends it (§4.2); <c>PATCH</c>
/// (trickle ICE, ICE restart, §4.3) is answered 405 because the answer carries every candidate. CORS is the
/// WHEP policy (POST, DELETE, PATCH; Authorization; Location exposed), so a page on another origin can publish.
/// </summary>
public static class WhipEndpoints
{
    /// <summary>An offer larger than this is refused with 413; real browser offers are 4-12 KiB.</summary>
    public const int MaxOfferBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapWhipIngest(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/whip").RequireCors(WhepEndpoints.CorsPolicy);
        group.MapPost("/{stream}", PublishAsync);
        group.MapDelete("/{stream}/sessions/{id}", DeleteAsync);
        group.MapMethods("/{stream}/sessions/{id}", ["PATCH"], (HttpResponse response) =>
        {
            response.Headers.Allow = "DELETE";
            return Results.Text("this server does not support trickle ICE or ICE restart; send a complete offer\n", statusCode: StatusCodes.Status405MethodNotAllowed);
        });
        return app;
    }

    private static async Task<IResult> PublishAsync(string stream, HttpRequest request, HttpResponse response, WhipIngestRegistry registry, CancellationToken cancellationToken)
    {
        if (!registry.TryGetPoint(stream, out var point))
        {
            return SdpOfferRequest.Problem(StatusCodes.Status404NotFound, $"stream '{stream}' does not take WHIP here (its source must be 'whip')");
        }

        if (point.PublishToken is { } token && !HasBearer(request, token))
        {
            // RFC 9725 §4.5 and RFC 6750 §3: a bearer-protected resource answers 401 with a challenge.
            response.Headers.WWWAuthenticate = "Bearer realm=\"streammesh\"";
            return SdpOfferRequest.Problem(StatusCodes.Status401Unauthorized, $"publishing to '{stream}' needs 'Authorization: Bearer <token>'");
        }

        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), "application/sdp", StringComparison.OrdinalIgnoreCase))
        {
            return SdpOfferRequest.Problem(StatusCodes.Status415UnsupportedMediaType, "the WHIP offer must be sent with Content-Type: application/sdp");
        }

        if (request.ContentLength > MaxOfferBytes)
        {
            return SdpOfferRequest.Problem(StatusCodes.Status413PayloadTooLarge, $"the offer is larger than {MaxOfferBytes} bytes");
        }

        var offer = await SdpOfferRequest.ReadBodyAsync(request, MaxOfferBytes, cancellationToken).ConfigureAwait(false);
        if (offer is null)
        {
            return SdpOfferRequest.Problem(StatusCodes.Status413PayloadTooLarge, $"the offer is larger than {MaxOfferBytes} bytes");
        }

        var outcome = await registry.CreateAsync(point, offer, cancellationToken).ConfigureAwait(false);
        if (outcome.Error is { } error)
        {
            return SdpOfferRequest.Problem(outcome.StatusCode, error);
        }

        var session = outcome.Session!;
        return new SdpCreatedResult($"/whip/{Uri.EscapeDataString(stream)}/sessions/{session.Id}", session.AnswerSdp);
    }

    private static async Task<IResult> DeleteAsync(string stream, string id, HttpRequest request, HttpResponse response, WhipIngestRegistry registry)
    {
        // Only the publisher (who holds the token) may end the session.
        if (registry.TryGetPoint(stream, out var point) && point.PublishToken is { } token && !HasBearer(request, token))
        {
            response.Headers.WWWAuthenticate = "Bearer realm=\"streammesh\"";
            return SdpOfferRequest.Problem(StatusCodes.Status401Unauthorized, "ending a WHIP session needs the publish token");
        }

        return await registry.DeleteAsync(stream, id).ConfigureAwait(false)
            ? Results.Ok()
            : SdpOfferRequest.Problem(StatusCodes.Status404NotFound, $"no WHIP session '{id}' on stream '{stream}'");
    }

    private static bool HasBearer(HttpRequest request, string token)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Constant-time comparison: the token is a secret.
        var presented = Encoding.UTF8.GetBytes(header[scheme.Length..].Trim());
        var expected = Encoding.UTF8.GetBytes(token);
        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }
}
