using StreamMesh.Mesh.Hosting;

namespace StreamMesh.Mesh.Security;

/// <summary>
/// Private streams on a node that runs without a tracker (section <c>Access</c>): a WHEP offer for a listed stream needs
/// "Authorization: Bearer &lt;viewer token&gt;". A node in a tracker's tree ignores this: there the tracker checks the
/// token at join and the node checks the ticket.
/// </summary>
public sealed record NodeAccessOptions : IValidatedOptions
{
    public const string Section = "Access";

    /// <summary>Operator secret(s), comma-separated (the first signs, all validate).</summary>
    public string? ViewerTokenKey { get; init; }

    /// <summary>Comma-separated private streams; "*" makes every stream private.</summary>
    public string? PrivateStreams { get; init; }

    public IReadOnlyList<string> Keys => Split(ViewerTokenKey);

    public IReadOnlyList<string> Streams => Split(PrivateStreams);

    public void Validate()
    {
        // The tracker's rules and messages apply unchanged.
        new TrackerAccessOptions { ViewerTokenKeys = Keys, PrivateStreams = Streams }.Validate();
    }

    private static string[] Split(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
