using StreamMesh.Mesh.Hosting;

namespace StreamMesh.Mesh.Security;

/// <summary>
/// The admin token (section <c>Admin</c>): when set, every path matching <see cref="ProtectedPaths"/> needs
/// "Authorization: Bearer &lt;token&gt;" (or, for pages, ?token= once and then a cookie). Unset: nothing is protected.
/// </summary>
public sealed record AdminOptions : IValidatedOptions
{
    public const string Section = "Admin";

    /// <summary>Shortest accepted token.</summary>
    public const int MinimumTokenLength = 16;

    /// <summary>The default protected paths: the dashboard page and its API, the admin API, and each stream's full tree.</summary>
    public const string DefaultProtectedPaths = "/dashboard,/api/dashboard,/api/admin,/api/streams/*/tree";

    /// <summary>The admin secret; null disables the check.</summary>
    public string? Token { get; init; }

    /// <summary>
    /// Comma-separated path prefixes (case-insensitive, whole segments; "*" matches one segment). Extra ones can be added,
    /// e.g. "/metrics".
    /// </summary>
    public string ProtectedPaths { get; init; } = DefaultProtectedPaths;

    public bool IsEnabled => !string.IsNullOrEmpty(Token);

    public void Validate()
    {
        if (Token is not null && (Token.Trim().Length < MinimumTokenLength || Token.Length > 1024))
        {
            throw new ArgumentException($"Admin:Token must be {MinimumTokenLength}-1024 characters when set");
        }

        foreach (string pattern in AdminPathPattern.Split(ProtectedPaths))
        {
            if (!pattern.StartsWith('/'))
            {
                throw new ArgumentException($"Admin:ProtectedPaths entries must start with '/' (got '{pattern}')");
            }
        }
    }
}
