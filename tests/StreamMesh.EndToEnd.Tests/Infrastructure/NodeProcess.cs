using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StreamMesh.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A <c>streammesh</c> process started from the test's output folder: a real separate process
/// talking real sockets on loopback. Its output is kept for the failure message.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly object _logLock = new();

    private NodeProcess(Process process, string httpBase)
    {
        _process = process;
        HttpBase = httpBase;
    }

    public string HttpBase { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Log
    {
        get
        {
            lock (_logLock)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<NodeProcess> StartAsync(string verb, IEnumerable<string> arguments, CancellationToken cancellationToken, int? httpPort = null)
    {
        var port = httpPort ?? FreeTcpPort();
        var dll = Path.Combine(AppContext.BaseDirectory, "streammesh.dll");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add(verb);
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        psi.ArgumentList.Add("--http");
        psi.ArgumentList.Add($"127.0.0.1:{port}");
        psi.Environment["DOTNET_ENVIRONMENT"] = "Development";
        psi.Environment["Logging__LogLevel__Default"] = "Information";
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start streammesh");
        var node = new NodeProcess(process, $"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await node.WaitHealthyAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        return node;
    }

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>Ends the process the hard way (SIGKILL), as a crash would.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // the process table will reap it; nothing more a test can do
            }
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            if (_log.Length < 1_000_000)
            {
                _log.AppendLine(line);
            }
        }
    }

    private async Task WaitHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"streammesh exited with code {_process.ExitCode} before it was healthy:\n{Log}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(HttpBase + "/healthz"), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // slow start on a busy machine
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"streammesh was not healthy within {timeout}:\n{Log}");
    }
}
