using System.Net;

namespace StreamMesh.EndToEnd.Tests.Ingest;

/// <summary>
/// A tiny HTTP server (HttpListener) serving one folder on loopback, standing in for a CDN: HLS playlists and
/// segments, MP4 and TS files, with single byte ranges (a looped MP4 seeks back to its media data).
/// </summary>
public sealed class StaticFileServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _root;
    private readonly Task _serving;
    private readonly CancellationTokenSource _stop = new();

    public StaticFileServer(string root)
    {
        _root = Path.GetFullPath(root);
        var port = Infrastructure.NodeProcess.FreeTcpPort();
        BaseUrl = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
        _serving = ServeAsync();
    }

    public string BaseUrl { get; }

    public long Requests => Interlocked.Read(ref _requests);

    private long _requests;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _serving.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
        }

        _listener.Close();
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var context = await _listener.GetContextAsync().ConfigureAwait(false);
            _ = Task.Run(() => RespondAsync(context));
        }
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        Interlocked.Increment(ref _requests);
        using var response = context.Response;
        try
        {
            var relative = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath).TrimStart('/');
            var path = Path.GetFullPath(Path.Combine(_root, relative));
            if (!path.StartsWith(_root, StringComparison.Ordinal) || !File.Exists(path))
            {
                response.StatusCode = 404;
                return;
            }

            response.ContentType = Path.GetExtension(path) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".m3u8" => "application/vnd.apple.mpegurl",
                ".ts" => "video/mp2t",
                ".mp4" => "video/mp4",
                _ => "application/octet-stream",
            };
            var bytes = await File.ReadAllBytesAsync(path).ConfigureAwait(false);
            var (start, end) = (0L, bytes.Length - 1L);
            var range = context.Request.Headers["Range"];
            if (range is not null && range.StartsWith("bytes=", StringComparison.Ordinal))
            {
                var parts = range["bytes=".Length..].Split('-');
                start = long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
                if (parts.Length > 1 && parts[1].Length > 0)
                {
                    end = Math.Min(end, long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
                }

                if (start >= bytes.Length)
                {
                    response.StatusCode = 416;
                    return;
                }

                response.StatusCode = 206;
                response.Headers["Content-Range"] = $"bytes {start}-{end}/{bytes.Length}";
            }

            response.Headers["Accept-Ranges"] = "bytes";
            response.ContentLength64 = end - start + 1;
            await response.OutputStream.WriteAsync(bytes.AsMemory((int)start, (int)(end - start + 1))).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or HttpListenerException)
        {
            // the client went away
        }
    }
}
