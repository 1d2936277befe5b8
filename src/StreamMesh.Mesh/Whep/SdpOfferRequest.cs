using System.Text;
using Microsoft.AspNetCore.Http;

namespace StreamMesh.Mesh.Whep;

/// <summary>The HTTP side shared by the SDP offer/answer endpoints, WHEP (viewers) and WHIP (publishers).</summary>
internal static class SdpOfferRequest
{
    /// <returns>The body, or null when it exceeds <paramref name="maxBytes"/> (chunked uploads have no Content-Length).</returns>
    public static async Task<string?> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[maxBytes + 1];
        var total = 0;
        int read;
        while ((read = await request.Body.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                return null;
            }
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    /// <summary>A refusal the person reads: plain text, one line, with the status.</summary>
    public static IResult Problem(int status, string message) => Results.Text(message + "\n", "text/plain; charset=utf-8", Encoding.UTF8, status);
}
