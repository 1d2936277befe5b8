namespace StreamMesh.Mesh.Security;

/// <summary>
/// One of a viewer token's name-valued claims: how the payload spells it, what errors call it and where
/// <see cref="ViewerTokenClaims"/> holds it. Issuing, encoding and reading go through this one list so the
/// claims cannot drift apart between them.
/// </summary>
internal sealed class ViewerTokenNameClaim
{
    public static readonly ViewerTokenNameClaim Stream = new(0, "stream", "stream", required: true, c => c.Stream);
    public static readonly ViewerTokenNameClaim Site = new(1, "site", "site", required: false, c => c.Site);
    public static readonly ViewerTokenNameClaim Group = new(2, "group", "group", required: false, c => c.Group);
    public static readonly ViewerTokenNameClaim Subject = new(3, "sub", "subject", required: false, c => c.Subject);

    /// <summary>The optional claims, in the order the payload carries them (after "stream" and "exp").</summary>
    public static readonly ViewerTokenNameClaim[] Optional = [Site, Group, Subject];

    /// <summary>Every name claim, each at its <see cref="Index"/>.</summary>
    public static readonly ViewerTokenNameClaim[] All = [Stream, .. Optional];

    private readonly Func<ViewerTokenClaims, string?> _read;

    private ViewerTokenNameClaim(int index, string jsonName, string description, bool required, Func<ViewerTokenClaims, string?> read)
    {
        Index = index;
        JsonName = jsonName;
        IsRequired = required;
        Description = description;
        _read = read;
    }

    /// <summary>Its position in <see cref="All"/>: a payload's values are read into an array in that order.</summary>
    public int Index { get; }

    /// <summary>A token without it is malformed (only "stream"; "exp" is a number and read apart).</summary>
    public bool IsRequired { get; }

    /// <summary>The JWT claim name (RFC 7519 §4.1.2 for "sub"; the others are private claims).</summary>
    public string JsonName { get; }

    /// <summary>What an error message calls it.</summary>
    public string Description { get; }

    public string? ValueOf(ViewerTokenClaims claims) => _read(claims);

    /// <summary>The position of the claim spelled <paramref name="jsonName"/> in <see cref="All"/>, or -1.</summary>
    public static int IndexOf(string jsonName)
    {
        for (int i = 0; i < All.Length; i++)
        {
            if (string.Equals(All[i].JsonName, jsonName, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
