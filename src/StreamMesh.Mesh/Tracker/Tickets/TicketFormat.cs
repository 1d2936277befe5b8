using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace StreamMesh.Mesh.Tracker.Tickets;

/// <summary>
/// Encoding of tickets as a JWS compact serialization (RFC 7515 §7.1) signed with ES256
/// (ECDSA P-256 + SHA-256, raw r‖s signature per RFC 7518 §3.4), carrying JWT claims (RFC 7519 §4.1)
/// plus a private "stream" claim. Standard JWT tooling can decode them.
/// </summary>
internal static class TicketFormat
{
    public const string Algorithm = "ES256";
    public const string Type = "streammesh-ticket+jwt";
    public const int MaxTicketLength = 2048;

    // {"alg":"ES256","typ":"streammesh-ticket+jwt"} — constant, so it is encoded once.
    public static readonly string EncodedHeader = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{{\"alg\":\"{Algorithm}\",\"typ\":\"{Type}\"}}"));

    public static string EncodePayload(TicketClaims claims)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("stream", claims.Stream);
            writer.WriteString("sub", claims.ChildId);
            writer.WriteString("aud", claims.ParentId);
            writer.WriteNumber("exp", claims.ExpiresAt.ToUnixTimeSeconds());
            writer.WriteString("jti", claims.Nonce);
            writer.WriteEndObject();
        }

        return Base64Url.EncodeToString(buffer.ToArray());
    }

    /// <summary>Splits and decodes a ticket; never throws on bad input.</summary>
    public static bool TryDecode(string? ticket, [NotNullWhen(true)] out TicketClaims? claims, out byte[] signingInput, out byte[] signature)
    {
        claims = null;
        signingInput = [];
        signature = [];
        if (string.IsNullOrEmpty(ticket) || ticket.Length > MaxTicketLength)
        {
            return false;
        }

        int first = ticket.IndexOf('.', StringComparison.Ordinal);
        int second = first < 0 ? -1 : ticket.IndexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || second == ticket.Length - 1 || ticket.IndexOf('.', second + 1) >= 0)
        {
            return false;
        }

        if (!string.Equals(ticket[..first], EncodedHeader, StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            byte[] payload = Base64Url.DecodeFromChars(ticket.AsSpan(first + 1, second - first - 1));
            signature = Base64Url.DecodeFromChars(ticket.AsSpan(second + 1));
            if (signature.Length != 64 || !TryReadClaims(payload, out claims))
            {
                return false;
            }
        }
        catch (FormatException)
        {
            return false;
        }

        signingInput = Encoding.ASCII.GetBytes(ticket[..second]);
        return true;
    }

    private static bool TryReadClaims(byte[] payload, [NotNullWhen(true)] out TicketClaims? claims)
    {
        claims = null;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(payload);
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("stream", out JsonElement stream) || stream.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("sub", out JsonElement sub) || sub.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("aud", out JsonElement aud) || aud.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("exp", out JsonElement exp) || !exp.TryGetInt64(out long expSeconds)
                || !root.TryGetProperty("jti", out JsonElement jti) || jti.ValueKind != JsonValueKind.String
                || expSeconds is < 0 or > 253402300799)
            {
                return false;
            }

            claims = new TicketClaims(stream.GetString()!, sub.GetString()!, aud.GetString()!, DateTimeOffset.FromUnixTimeSeconds(expSeconds), jti.GetString()!);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // GetString on a string token holding invalid UTF-8 or a lone surrogate escape (\ud800) throws this,
            // not JsonException (found by the ticket fuzz target; docs/fuzzing.md).
            return false;
        }
    }
}
