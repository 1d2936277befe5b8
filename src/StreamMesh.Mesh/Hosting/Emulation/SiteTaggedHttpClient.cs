using StreamMesh.Mesh.Hosting.Emulation;

namespace StreamMesh.Mesh.Hosting;

/// <summary>
/// An HttpClient whose requests name the caller's site (<see cref="EmulatedLatency.SiteHeader"/>), so a
/// node emulating latency can answer its probes as a node that far away would.
/// </summary>
public static class SiteTaggedHttpClient
{
    public static HttpClient Create(string? site, TimeSpan timeout)
    {
        var http = new HttpClient { Timeout = timeout };
        if (!string.IsNullOrWhiteSpace(site))
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation(EmulatedLatency.SiteHeader, site.Trim());
        }

        return http;
    }
}
