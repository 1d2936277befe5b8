using System.Globalization;

namespace StreamMesh.Mesh.LoadTesting;

/// <summary>
/// Per-socket receive drops from Linux /proc/net/udp and /proc/net/udp6 (the last column, "drops":
/// datagrams the kernel discarded because the socket's receive buffer was full). For a load generator
/// this tells loss it caused itself (too slow to drain) from loss on the network or at the node.
/// </summary>
public static class UdpSocketDrops
{
    /// <summary>Drops by local port for every UDP socket of this network namespace; empty where /proc is unavailable.</summary>
    public static IReadOnlyDictionary<int, long> ReadByLocalPort()
    {
        var drops = new Dictionary<int, long>();
        foreach (var path in new[] { "/proc/net/udp", "/proc/net/udp6" })
        {
            try
            {
                TryParse(File.ReadAllText(path), drops);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // not Linux, or no procfs: nothing to report
            }
        }

        return drops;
    }

    /// <summary>
    /// Adds the drops of each socket line to <paramref name="dropsByPort"/> (sockets sharing a port are summed).
    /// Lines that do not parse are skipped; returns false when none did.
    /// </summary>
    public static bool TryParse(string table, Dictionary<int, long> dropsByPort)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(dropsByPort);
        bool any = false;
        foreach (var line in table.Split('\n'))
        {
            // "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops"
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 13 || !fields[0].EndsWith(':'))
            {
                continue;
            }

            int colon = fields[1].LastIndexOf(':');
            if (colon < 0
                || !int.TryParse(fields[1].AsSpan(colon + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int port)
                || !long.TryParse(fields[^1], NumberStyles.None, CultureInfo.InvariantCulture, out long drops))
            {
                continue;
            }

            dropsByPort[port] = dropsByPort.GetValueOrDefault(port) + drops;
            any = true;
        }

        return any;
    }
}
