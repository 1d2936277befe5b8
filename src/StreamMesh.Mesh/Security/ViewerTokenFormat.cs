using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace StreamMesh.Mesh.Security;

/// <summary>
/// Encoding of viewer tokens: a JWS compact serialization (RFC 7515 §7.1) with HS256
/// (HMAC-SHA256, RFC 7518 §3.2) over JWT claims (RFC 7519 §4.1: "exp", "sub") plus the private
/// claims "stream", "site" and "group". Standard JWT tooling can decode (and, with the key, verify) them.
/// </summary>
internal static class ViewerTokenFormat
{
    public const string Algorithm = "HS256";
    public const string Type = "streammesh-viewer+jwt";
    public const int MaxTokenLength = 2048;
    public const int SignatureLength = 32;
    public const int MaxClaimLength = 64;

    // {"alg":"HS256","typ":"streammesh-viewer+jwt"}: constant, so a token with any other header is refused
    // before any work (no "alg":"none" or algorithm confusion, RFC 8725 §3.1).
    public static readonly string EncodedHeader = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{{\"alg\":\"{Algorithm}\",\"typ\":\"{Type}\"}}"));

    public static string EncodePayload(ViewerTokenClaims claims)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(ViewerTokenNameClaim.Stream.JsonName, claims.Stream);
            writer.WriteNumber("exp", claims.ExpiresAt.ToUnixTimeSeconds());
            foreach (var claim in ViewerTokenNameClaim.Optional)
            {
                if (claim.ValueOf(claims) is { } value)
                {
                    writer.WriteString(claim.JsonName, value);
                }
            }

            writer.WriteEndObject();
        }

        return Base64Url.EncodeToString(buffer.ToArray());
    }

    /// <summary>Splits a token into its signing input, payload and signature text; never throws.</summary>
    public static bool TrySplit(string? token, out int payloadStart, out int signatureStart)
    {
        payloadStart = -1;
        signatureStart = -1;
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return false;
        }

        int first = token.IndexOf('.', StringComparison.Ordinal);
        int second = first < 0 ? -1 : token.IndexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || second == token.Length - 1 || token.IndexOf('.', second + 1) >= 0)
        {
            return false;
        }

        if (!token.AsSpan(0, first).SequenceEqual(EncodedHeader))
        {
            return false;
        }

        // Only the base64url alphabet (RFC 4648 §5) and the two dots: the decoder would skip whitespace, which
        // would let "token\n" or a padded variant validate as the same token (found by the viewer-token fuzz target).
        foreach (char c in token.AsSpan(first))
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        payloadStart = first + 1;
        signatureStart = second + 1;
        return true;
    }

    /// <summary>Reads the claims of a decoded payload; false for anything but the documented shape. Never throws.</summary>
    public static bool TryReadClaims(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out ViewerTokenClaims? claims)
    {
        claims = null;
        var names = new string?[ViewerTokenNameClaim.All.Length];
        long? exp = null;
        try
        {
            var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 4 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                if (!reader.Read())
                {
                    return false;
                }

                // A duplicate claim is ambiguous (RFC 7519 §4: reject or use the last; we reject).
                if (name == "exp")
                {
                    if (exp is not null || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long seconds) || seconds is < 0 or > 253402300799)
                    {
                        return false;
                    }

                    exp = seconds;
                }
                else if (ViewerTokenNameClaim.IndexOf(name) is int index and >= 0)
                {
                    if (names[index] is not null || ReadShortString(ref reader) is not { } value)
                    {
                        return false;
                    }

                    names[index] = value;
                }
                else
                {
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || names[ViewerTokenNameClaim.Stream.Index] is not { } stream || exp is null)
            {
                return false;
            }

            claims = new ViewerTokenClaims(stream, DateTimeOffset.FromUnixTimeSeconds(exp.Value), Site: names[ViewerTokenNameClaim.Site.Index], Group: names[ViewerTokenNameClaim.Group.Index], Subject: names[ViewerTokenNameClaim.Subject.Index]);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string? ReadShortString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length > MaxClaimLength * 6)
        {
            return null;
        }

        string value = reader.GetString()!;
        return value.Length is > 0 and <= MaxClaimLength ? value : null;
    }
}
