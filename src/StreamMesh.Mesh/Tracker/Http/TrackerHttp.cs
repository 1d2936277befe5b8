using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using StreamMesh.Mesh.Tracker.Contracts;

namespace StreamMesh.Mesh.Tracker.Http;

/// <summary>Strict JSON body reading (content type, size limit, source-generated deserialisation) and response writing.</summary>
internal static partial class TrackerHttp
{
    public const string JsonContentType = "application/json; charset=utf-8";

    // RFC 9457 §3: error bodies use the problem+json media type.
    public const string ProblemContentType = "application/problem+json; charset=utf-8";

    /// <summary>Reads and deserialises the body; on failure returns a problem and writes nothing.</summary>
    public static async Task<(T? Value, ProblemDto? Problem)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type, long limit)
        where T : class
    {
        HttpRequest request = context.Request;
        if (!IsJson(request.ContentType))
        {
            return (null, Problem(415, "Unsupported media type", "send the body as application/json"));
        }

        if (request.ContentLength > limit)
        {
            return (null, Problem(413, "Body too large", $"request bodies are limited to {limit} bytes"));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit + 1;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit + 1, 16 * 1024));
        try
        {
            int length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                    {
                        return (null, Problem(413, "Body too large", $"request bodies are limited to {limit} bytes"));
                    }

                    byte[] bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit + 1, (long)buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                int read;
                try
                {
                    read = await request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted).ConfigureAwait(false);
                }
                catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    return (null, Problem(413, "Body too large", $"request bodies are limited to {limit} bytes"));
                }

                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > limit)
                {
                    return (null, Problem(413, "Body too large", $"request bodies are limited to {limit} bytes"));
                }
            }

            if (length == 0)
            {
                return (null, Problem(400, "Empty body", "a JSON object is required"));
            }

            try
            {
                T? value = JsonSerializer.Deserialize(buffer.AsSpan(0, length), type);
                return value is null
                    ? (null, Problem(400, "Malformed JSON", "the body must be a JSON object, not null"))
                    : (value, null);
            }
            catch (JsonException ex)
            {
                return (null, Problem(400, "Malformed JSON", Describe(ex)));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static Task WriteAsync<T>(HttpContext context, int status, T value, JsonTypeInfo<T> type)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = JsonContentType;
        context.Response.Headers.CacheControl = "no-store";
        return JsonSerializer.SerializeAsync(context.Response.Body, value, type, context.RequestAborted);
    }

    public static Task WriteProblemAsync(HttpContext context, ProblemDto problem)
    {
        context.Response.StatusCode = problem.Status;
        context.Response.ContentType = ProblemContentType;
        context.Response.Headers.CacheControl = "no-store";
        return JsonSerializer.SerializeAsync(context.Response.Body, problem, TrackerJsonContext.Default.ProblemDto, context.RequestAborted);
    }

    public static Task WriteResultAsync<T>(HttpContext context, TrackerResult<T> result, JsonTypeInfo<T> type)
        where T : class =>
        result.Value is { } value && result.Problem is null
            ? WriteAsync(context, result.StatusCode, value, type)
            : WriteProblemAsync(context, result.Problem ?? Problem(500, "Unexpected", "no result"));

    public static ProblemDto Problem(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };

    /// <summary>The serializer's message (it names the offending member and position) without internal type names.</summary>
    private static string Describe(JsonException ex) =>
        InternalTypeName().Replace(ex.Message, "the request body");

    [System.Text.RegularExpressions.GeneratedRegex(@"'?StreamMesh\.Mesh\.Tracker\.Contracts\.\w+'?")]
    private static partial System.Text.RegularExpressions.Regex InternalTypeName();

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        int semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        ReadOnlySpan<char> media = (semicolon < 0 ? contentType : contentType[..semicolon]).AsSpan().Trim();
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }
}
