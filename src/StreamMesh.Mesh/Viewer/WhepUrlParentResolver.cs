namespace StreamMesh.Mesh.Viewer;

/// <summary>A fixed parent: the WHEP URL the operator gave on the command line.</summary>
public sealed class WhepUrlParentResolver : IViewerParentResolver
{
    private readonly ViewerParent _parent;

    /// <exception cref="ViewerException">The text is not an absolute http or https URL.</exception>
    public WhepUrlParentResolver(string whepUrl)
    {
        if (!TryParse(whepUrl, out var uri))
        {
            throw new ViewerException(ViewerFailure.BadUrl, $"'{whepUrl}' is not a WHEP URL; expected http://HOST:PORT/whep/STREAM");
        }

        _parent = new ViewerParent(uri, uri.Authority);
    }

    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(text)
            || !Uri.TryCreate(text, UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(parsed.Host))
        {
            return false;
        }

        uri = parsed;
        return true;
    }

    public Task<ViewerParent> ResolveAsync(CancellationToken cancellationToken) => Task.FromResult(_parent);

    /// <summary>Nobody to tell: the URL was given by hand.</summary>
    public Task ConfirmAsync(ViewerParent parent, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ReleaseAsync(ViewerParent parent, CancellationToken cancellationToken) => Task.CompletedTask;
}
