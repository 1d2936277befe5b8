namespace StreamMesh.Topology.Sites;

/// <summary>Validation and normalisation of site names: 1–64 of [A-Za-z0-9._-], compared case-insensitively.</summary>
public static class SiteName
{
    /// <summary>Longest accepted site name.</summary>
    public const int MaxLength = 64;

    /// <summary>True when <paramref name="name"/> is a usable site name.</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Trims and lower-cases a valid name; throws <see cref="ArgumentException"/> on an invalid one.</summary>
    public static string Normalize(string name)
    {
        string trimmed = name?.Trim() ?? string.Empty;
        return IsValid(trimmed)
            ? trimmed.ToLowerInvariant()
            : throw new ArgumentException($"'{name}' is not a valid site name (1-{MaxLength} of A-Z a-z 0-9 . _ -).", nameof(name));
    }
}
