using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using StreamMesh.Mesh.Streams;
using StreamMesh.Mesh.Tree;

namespace StreamMesh.Node.Hosting;

/// <summary>
/// The browser player every node serves (origin, relay, tracker): <c>/watch/{stream}</c> and its
/// script, plus the cross-origin access the player needs to probe and attach to other nodes and to
/// talk to the tracker from a page served elsewhere (WHEP has its own CORS policy).
/// </summary>
/// <remarks>
/// Configuration read here (section <c>Player</c>): <c>TrackerUrl</c> overrides the tracker URL the
/// page uses (when browsers reach the tracker at another address than nodes do); <c>ProbeDelayMs</c>
/// delays every <c>/healthz</c> answer, a test aid that makes a node look farther away to probers.
/// </remarks>
internal static class PlayerEndpoints
{
    private static readonly string PlayerTemplate = ReadResource("watch.html");
    private static readonly string PlayerScript = ReadResource("whep-player.js");

    /// <summary>Maps the player. <paramref name="selfIsTracker"/>: this process serves the tracker API itself.</summary>
    public static WebApplication MapStreamMeshPlayer(this WebApplication app, bool selfIsTracker)
    {
        var probeDelay = TimeSpan.FromMilliseconds(Math.Clamp(app.Configuration.GetValue("Player:ProbeDelayMs", 0), 0, 10_000));
        app.Use((context, next) => AllowCrossOriginAsync(context, next, probeDelay));

        app.MapGet("/watch/{stream}", (string stream, HttpContext context) => RenderPage(stream, context, selfIsTracker));
        app.MapGet("/assets/whep-player.js", () => Results.Text(PlayerScript, "text/javascript; charset=utf-8"));
        return app;
    }

    private static IResult RenderPage(string stream, HttpContext context, bool selfIsTracker)
    {
        var services = context.RequestServices;
        var configuration = services.GetRequiredService<IConfiguration>();
        var tree = services.GetService<TreeMembership>();
        var tracker = configuration["Player:TrackerUrl"] is { Length: > 0 } explicitUrl ? explicitUrl.TrimEnd('/')
            : selfIsTracker ? string.Empty
            : tree?.Options.Tracker?.TrimEnd('/');

        // Without a tracker the page attaches to this node directly, so the stream must be here.
        var streams = services.GetService<StreamRegistry>();
        var hasTicket = context.Request.Query.ContainsKey("ticket");
        if ((tracker is null || hasTicket) && (streams is null || !streams.TryGet(stream, out _)))
        {
            var known = streams is null ? string.Empty : string.Join(", ", streams.All.Select(s => s.Name));
            var message = known.Length > 0
                ? $"No stream named '{stream}' is served here. Streams on this node: {known}."
                : $"No stream named '{stream}' is served here.";
            return Results.Content(RenderError(stream, message), "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status404NotFound);
        }

        var config = new StringBuilder("{");
        config.Append("\"stream\":").Append(Json(stream));
        config.Append(",\"tracker\":").Append(tracker is null ? "null" : Json(tracker));
        config.Append(",\"whep\":").Append(Json($"/whep/{Uri.EscapeDataString(stream)}"));
        config.Append(",\"site\":").Append(context.Request.Query["site"].FirstOrDefault() is { Length: > 0 } site ? Json(site) : "null");
        config.Append('}');
        var html = PlayerTemplate
            .Replace("{{STREAM}}", HtmlEncoder.Default.Encode(stream), StringComparison.Ordinal)
            .Replace("{{CONFIG_JSON}}", config.ToString(), StringComparison.Ordinal);
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static string RenderError(string stream, string message) =>
        string.Create(CultureInfo.InvariantCulture, $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>StreamMesh — {HtmlEncoder.Default.Encode(stream)}</title>
            <style>body {"{"} background:#111; color:#eee; font:16px system-ui,sans-serif; margin:3em; {"}"}</style></head>
            <body><h1>Stream not found</h1><p id="message">{HtmlEncoder.Default.Encode(message)}</p></body></html>
            """);

    /// <summary>
    /// The player probes /healthz and calls the tracker API from pages served by other nodes: open
    /// CORS (Fetch standard §3.2) for those paths and answer their preflights. Nothing there needs
    /// credentials; the tracker's sessions and tickets are bearer values in the body.
    /// </summary>
    private static async Task AllowCrossOriginAsync(HttpContext context, Func<Task> next, TimeSpan probeDelay)
    {
        var path = context.Request.Path;
        var isProbe = path.Equals("/healthz", StringComparison.Ordinal);
        if (isProbe || path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            var headers = context.Response.Headers;
            headers.AccessControlAllowOrigin = "*";
            if (HttpMethods.IsOptions(context.Request.Method) && context.Request.Headers.ContainsKey("Access-Control-Request-Method"))
            {
                headers.AccessControlAllowMethods = "GET, POST, OPTIONS";
                headers.AccessControlAllowHeaders = "Content-Type, Authorization";
                headers.AccessControlMaxAge = "600";
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }

            if (isProbe && probeDelay > TimeSpan.Zero)
            {
                await Task.Delay(probeDelay, context.RequestServices.GetRequiredService<TimeProvider>(), context.RequestAborted).ConfigureAwait(false);
            }
        }

        await next().ConfigureAwait(false);
    }

    private static string Json(string value) => JsonSerializer.Serialize(value, NodeJsonContext.Default.String);

    private static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"StreamMesh.Node.Pages.{name}")
            ?? throw new InvalidOperationException($"embedded page {name} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
