namespace StreamMesh.Topology.Tree;

/// <summary>Peer ids are 1–64 characters of [A-Za-z0-9._:-]; anything else is rejected at the boundary.</summary>
public static class PeerIdFormat
{
    /// <summary>Longest accepted id.</summary>
    public const int MaxLength = 64;

    /// <summary>True when <paramref name="id"/> is a well-formed peer id.</summary>
    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength)
        {
            return false;
        }

        foreach (char c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':'))
            {
                return false;
            }
        }

        return true;
    }
}
