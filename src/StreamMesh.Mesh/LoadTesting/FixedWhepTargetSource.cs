namespace StreamMesh.Mesh.LoadTesting;

/// <summary>Every viewer pulls from the same WHEP endpoint (an origin or a relay, e.g. http://127.0.0.1:8080/whep/demo).</summary>
public sealed class FixedWhepTargetSource : IWhepTargetSource
{
    private readonly WhepTarget _target;

    public FixedWhepTargetSource(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"WHEP endpoint must be an absolute http(s) URL, got '{endpoint}'", nameof(endpoint));
        }

        _target = new WhepTarget(endpoint);
    }

    public ValueTask<WhepTarget> ResolveAsync(int viewerIndex, CancellationToken cancellationToken) => ValueTask.FromResult(_target);
}
