using System.Globalization;

namespace StreamMesh.EndToEnd.Tests.Ingest;

/// <summary>
/// Tells when a local process starts listening on a TCP port by reading the kernel's socket tables
/// (<c>/proc/net/tcp</c>, <c>/proc/net/tcp6</c>), without connecting: a test publisher such as ffmpeg's
/// <c>-listen 1</c> RTMP server accepts exactly one connection, which a connect probe would use up.
/// </summary>
public static class TcpListenProbe
{
    private const string ListenState = "0A";

    public static bool IsListening(int port)
    {
        var hexPort = port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var table in (string[])["/proc/net/tcp", "/proc/net/tcp6"])
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // "  sl  local_address rem_address   st ..." — local_address is HEXIP:HEXPORT.
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 3 && fields[3] == ListenState && fields[1].EndsWith(":" + hexPort, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Polls every 10 ms until <paramref name="port"/> is listening; false on timeout.</summary>
    public static async Task<bool> WaitListeningAsync(int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (IsListening(port))
            {
                return true;
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }

        return false;
    }
}
