using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Options;

namespace StreamMesh.Mesh.Security;

/// <summary>
/// Guards administrative paths by prefix (<see cref="AdminOptions.ProtectedPaths"/>) with the admin token:
/// "Authorization: Bearer &lt;token&gt;" for APIs; for pages, <c>?token=</c> once, which sets an HttpOnly, SameSite=Strict
/// cookie and redirects to the same URL without the token (so it does not stay in history or Referer). 401 otherwise.
/// Runs before routing decisions matter: an unknown path under a protected prefix is 401 too, not 404.
/// </summary>
public sealed class AdminTokenMiddleware
{
    public const string CookieName = "streammesh_admin";

    private readonly RequestDelegate _next;
    private readonly LimitCounters _counters;
    private readonly string[] _patterns;
    private readonly byte[]? _tokenHash;
    private readonly string? _cookieValue;

    public AdminTokenMiddleware(RequestDelegate next, IOptions<AdminOptions> options, LimitCounters counters)
    {
        ArgumentNullException.ThrowIfNull(options);
        _next = next;
        _counters = counters;
        AdminOptions o = options.Value;
        _patterns = AdminPathPattern.Split(o.ProtectedPaths);
        if (o.IsEnabled)
        {
            byte[] token = Encoding.UTF8.GetBytes(o.Token!.Trim());
            _tokenHash = SHA256.HashData(token);

            // The cookie carries a value derived from the token, not the token: a leaked cookie cannot be used as a bearer.
            _cookieValue = Base64Url.EncodeToString(HMACSHA256.HashData(token, "streammesh admin cookie v1"u8));
        }
    }

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_tokenHash is null || !IsProtected(context.Request.Path))
        {
            await _next(context).ConfigureAwait(false);
            return;
        }

        HttpRequest request = context.Request;
        string? header = request.Headers.Authorization;
        const string Bearer = "Bearer ";
        if (header is not null && header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) && IsToken(header[Bearer.Length..].Trim()))
        {
            await _next(context).ConfigureAwait(false);
            return;
        }

        if (request.Cookies.TryGetValue(CookieName, out string? cookie) && cookie is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(cookie), Encoding.ASCII.GetBytes(_cookieValue!)))
        {
            await _next(context).ConfigureAwait(false);
            return;
        }

        // Pages only: a token in an API URL would end up in access logs and scripts should send the header.
        if (HttpMethods.IsGet(request.Method) && !request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            && request.Query.TryGetValue("token", out var query) && IsToken(query.ToString()))
        {
            context.Response.Cookies.Append(CookieName, _cookieValue!, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = request.IsHttps,
                Path = "/",
            });
            var rest = new QueryBuilder(request.Query.Where(q => !string.Equals(q.Key, "token", StringComparison.Ordinal)));
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.Response.Headers.Location = request.PathBase + request.Path + rest.ToQueryString();
            context.Response.Headers.CacheControl = "no-store";
            return;
        }

        _counters.Count(LimitKind.AdminToken);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;

        // RFC 6750 §3: a bearer-protected resource names its scheme in WWW-Authenticate.
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"streammesh-admin\"";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync("this administrative path needs the admin token: 'Authorization: Bearer <token>' (or ?token= on the dashboard page)\n", context.RequestAborted).ConfigureAwait(false);
    }

    private bool IsProtected(PathString path)
    {
        ReadOnlySpan<char> value = path.Value.AsSpan();
        foreach (string pattern in _patterns)
        {
            if (AdminPathPattern.Matches(value, pattern))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsToken(string candidate) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(candidate)), _tokenHash);
}
