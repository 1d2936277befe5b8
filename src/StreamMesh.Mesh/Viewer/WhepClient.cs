using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace StreamMesh.Mesh.Viewer;

/// <summary>
/// The HTTP half of a WHEP player (draft-ietf-wish-whep §4.2): POST the offer, read the answer and the
/// Location of the session, DELETE it when done. Every failure becomes a <see cref="ViewerException"/>
/// that names what went wrong in words a person can act on.
/// </summary>
public sealed class WhepClient(HttpClient http)
{
    /// <summary>Longest error text from the server quoted in a message.</summary>
    private const int MaxQuotedError = 200;

    public Task<WhepAnswer> PostOfferAsync(Uri whepUrl, string offerSdp, CancellationToken cancellationToken) =>
        PostOfferAsync(whepUrl, offerSdp, null, cancellationToken);

    /// <param name="ticket">The tracker's ticket for this parent, sent as <c>Authorization: Bearer</c>; null without a tree.</param>
    public async Task<WhepAnswer> PostOfferAsync(Uri whepUrl, string offerSdp, string? ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(whepUrl);
        using var content = new StringContent(offerSdp, Encoding.UTF8, "application/sdp");
        content.Headers.ContentType!.CharSet = null;
        using var request = new HttpRequestMessage(HttpMethod.Post, whepUrl) { Content = content };
        if (ticket is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ticket);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ViewerException(ViewerFailure.Unreachable, $"cannot reach {whepUrl.Authority}: {Describe(ex)}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ViewerException(ViewerFailure.Unreachable, $"{whepUrl.Authority} did not answer within {http.Timeout.TotalSeconds:0} s", ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new ViewerException(ViewerFailure.StreamNotFound, $"stream not found at {whepUrl}: {Quote(body, "the server has no such stream")}");
            }

            if (response.StatusCode != HttpStatusCode.Created && response.StatusCode != HttpStatusCode.OK)
            {
                throw new ViewerException(ViewerFailure.Refused, $"{whepUrl.Authority} refused the viewer ({(int)response.StatusCode} {response.ReasonPhrase}): {Quote(body, "no reason given")}");
            }

            if (!body.StartsWith("v=0", StringComparison.Ordinal))
            {
                throw new ViewerException(ViewerFailure.Refused, $"{whepUrl} did not answer with SDP; is it a WHEP endpoint?");
            }

            var location = response.Headers.Location is { } l ? new Uri(whepUrl, l) : null;
            return new WhepAnswer(body, location);
        }
    }

    /// <summary>Ends the session (draft-ietf-wish-whep §4.2); best effort, a failure is not reported.</summary>
    public async Task DeleteAsync(Uri sessionUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionUrl);
        try
        {
            using var response = await http.DeleteAsync(sessionUrl, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // The parent may already be gone; its session times out by itself.
        }
    }

    private static string Describe(HttpRequestException ex) => ex.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused (is the node running on that port?)",
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData } => "unknown host",
        SocketException socket => socket.Message,
        _ => ex.Message,
    };

    private static string Quote(string body, string fallback)
    {
        var text = body.Trim();
        if (text.Length == 0)
        {
            return fallback;
        }

        return text.Length > MaxQuotedError ? text[..MaxQuotedError] + "…" : text;
    }
}
