using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace StreamMesh.Mesh.Security;

/// <summary>
/// Per-address rate limits by path (POST /whep/{stream} and /whip/{stream} create sessions; /api/streams and /api/tracker
/// are the tracker) answered with 429 and Retry-After (RFC 6585 §4), and the count of 413 answers, whoever produced them.
/// </summary>
public sealed class HttpLimitsMiddleware(RequestDelegate next, HttpRateLimits limits, LimitCounters counters)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        PathString path = context.Request.Path;
        AddressRateLimiter? limiter = null;
        LimitKind kind = LimitKind.SessionRate;
        if (HttpMethods.IsPost(context.Request.Method)
            && (path.StartsWithSegments("/whep", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/whip", StringComparison.OrdinalIgnoreCase))
            && !path.Value!.Contains("/sessions/", StringComparison.OrdinalIgnoreCase))
        {
            limiter = limits.Sessions;
        }
        else if (path.StartsWithSegments("/api/streams", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/api/tracker", StringComparison.OrdinalIgnoreCase))
        {
            limiter = limits.Tracker;
            kind = LimitKind.TrackerRate;
        }

        if (limiter is not null)
        {
            RateDecision decision = limiter.TryAcquire(context.Connection.RemoteIpAddress);
            if (!decision.IsAllowed)
            {
                counters.Count(decision.TableFull ? LimitKind.AddressTableFull : kind);
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = decision.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync($"too many requests from this address; retry in {decision.RetryAfterSeconds} s\n", context.RequestAborted).ConfigureAwait(false);
                return;
            }
        }

        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's own body limit: it answers 413 after the exception leaves the pipeline.
            counters.Count(LimitKind.BodySize);
            throw;
        }

        if (context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            counters.Count(LimitKind.BodySize);
        }
    }
}
