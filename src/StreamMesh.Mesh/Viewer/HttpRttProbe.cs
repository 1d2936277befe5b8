namespace StreamMesh.Mesh.Viewer;

/// <summary>
/// Measures the HTTP round trip to a node's <c>/healthz</c>, the way the browser player and relays
/// probe candidates: best of three, since the first pays for the TCP handshake.
/// </summary>
public sealed class HttpRttProbe(HttpClient http, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <returns>The RTT in milliseconds, or null when the node does not answer 2xx.</returns>
    public async Task<double?> MeasureAsync(string baseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        double? best = null;
        for (var i = 0; i < 3; i++)
        {
            var started = _time.GetTimestamp();
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(2)); // a node slower than this is no candidate
                using var response = await http.GetAsync(new Uri($"{baseUrl.TrimEnd('/')}/healthz"), timeout.Token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    return null;
                }
            }
            catch (HttpRequestException)
            {
                return null;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }

            var rtt = _time.GetElapsedTime(started).TotalMilliseconds;
            best = best is null ? rtt : Math.Min(best.Value, rtt);
        }

        return best is { } b ? Math.Round(b, 2) : null;
    }
}
