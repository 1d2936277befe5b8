using System.Net;

namespace StreamMesh.Mesh.LoadTesting;

/// <summary>
/// Where a group of load-generator viewers sits: the site name sent to the tracker (and to probed
/// nodes, for latency emulation) and, optionally, the local address their sockets bind to (a per-site
/// loopback address such as 127.0.1.50 lets emulating nodes tell the sites apart).
/// </summary>
public sealed record ViewerSite(string Name, IPAddress? BindAddress = null)
{
    /// <summary>Parses <c>NAME</c> or <c>NAME=ADDRESS</c>.</summary>
    public static bool TryParse(string? text, out ViewerSite? site)
    {
        site = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text.Split('=', 2, StringSplitOptions.TrimEntries);
        if (parts[0].Length == 0)
        {
            return false;
        }

        if (parts.Length == 1)
        {
            site = new ViewerSite(parts[0]);
            return true;
        }

        if (!IPAddress.TryParse(parts[1], out var address))
        {
            return false;
        }

        site = new ViewerSite(parts[0], address);
        return true;
    }
}
