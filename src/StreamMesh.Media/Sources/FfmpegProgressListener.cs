using System.Net.Sockets;
using System.Text;

namespace StreamMesh.Media.Sources;

/// <summary>
/// A Unix socket that ffmpeg's "-progress unix:PATH" connects to. Progress goes here instead of stderr
/// because FFMpegCore (through Instances) keeps every stderr line of a run in memory: a stats line every
/// second would grow without bound in a source that runs for days, while with -nostats stderr carries only
/// start-up lines and errors. ffmpeg connects while parsing its options, so the socket listens before start.
/// </summary>
internal sealed class FfmpegProgressListener : IDisposable
{
    // sun_path is 108 bytes on Linux; fall back to /tmp when TMPDIR is deep.
    private const int MaxSocketPathLength = 100;

    private readonly Socket _listener;

    private FfmpegProgressListener(Socket listener, string path)
    {
        _listener = listener;
        SocketPath = path;
    }

    /// <summary>Filesystem path of the socket.</summary>
    public string SocketPath { get; }

    /// <summary>The value for ffmpeg's -progress option.</summary>
    public string Url => "unix:" + SocketPath;

    /// <summary>Binds and listens on a fresh socket path.</summary>
    public static FfmpegProgressListener Listen()
    {
        var name = $"streammesh-progress-{Guid.NewGuid():N}.sock";
        var path = Path.Combine(Path.GetTempPath(), name);
        if (Encoding.UTF8.GetByteCount(path) > MaxSocketPathLength)
        {
            path = Path.Combine("/tmp", name);
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            socket.Listen(1);
            return new FfmpegProgressListener(socket, path);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Accepts ffmpeg's connection and feeds every line to <paramref name="onLine"/> until ffmpeg closes it.
    /// Completes normally on cancellation or socket errors: progress is diagnostics, never a reason to fail.
    /// </summary>
    public async Task RunAsync(Action<string> onLine, CancellationToken cancellationToken)
    {
        try
        {
            using var connection = await _listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            using var stream = new NetworkStream(connection, ownsSocket: false);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                onLine(line);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        try
        {
            File.Delete(SocketPath);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
