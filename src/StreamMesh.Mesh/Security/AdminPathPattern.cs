namespace StreamMesh.Mesh.Security;

/// <summary>Matching of request paths against the admin patterns: whole-segment prefixes, "*" for one segment, case-insensitive like routing.</summary>
public static class AdminPathPattern
{
    public static string[] Split(string? patterns) =>
        string.IsNullOrWhiteSpace(patterns) ? [] : patterns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// True when <paramref name="path"/> lies under <paramref name="pattern"/>: "/dashboard" matches "/dashboard",
    /// "/Dashboard/x" and "/dashboard/" but not "/dashboards"; "/api/streams/*/tree" matches "/api/streams/live/tree".
    /// Routing is case-insensitive, so the match is too (else "/DASHBOARD" would reach the page unprotected).
    /// </summary>
    public static bool Matches(ReadOnlySpan<char> path, ReadOnlySpan<char> pattern)
    {
        // Compare segment by segment; both start with '/'.
        while (!pattern.IsEmpty)
        {
            if (path.IsEmpty || path[0] != '/' || pattern[0] != '/')
            {
                return false;
            }

            path = path[1..];
            pattern = pattern[1..];
            int pathEnd = path.IndexOf('/');
            int patternEnd = pattern.IndexOf('/');
            ReadOnlySpan<char> segment = pathEnd < 0 ? path : path[..pathEnd];
            ReadOnlySpan<char> expected = patternEnd < 0 ? pattern : pattern[..patternEnd];
            bool ok = expected.SequenceEqual("*") ? segment.Length > 0 : segment.Equals(expected, StringComparison.OrdinalIgnoreCase);
            if (!ok)
            {
                return false;
            }

            path = pathEnd < 0 ? [] : path[pathEnd..];
            pattern = patternEnd < 0 ? [] : pattern[patternEnd..];
        }

        return true;
    }
}
