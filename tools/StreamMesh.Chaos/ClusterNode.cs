using System.Diagnostics;
using System.Net;
using System.Text;

namespace StreamMesh.Chaos;

/// <summary>
/// One <c>streammesh</c> process of a <see cref="TreeCluster"/>: its role, site, addresses and the tail
/// of its output. <see cref="Kill"/> is SIGKILL (<c>kill -9</c>), as a crash would end it.
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private const int LogLimit = 400_000;
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly Lock _logLock = new();

    private ClusterNode(Process process, string role, string peerId, string? site, IPEndPoint http, int udpPort)
    {
        _process = process;
        Role = role;
        PeerId = peerId;
        Site = site;
        Http = http;
        UdpPort = udpPort;
    }

    public string Role { get; }

    public string PeerId { get; }

    public string? Site { get; }

    public IPEndPoint Http { get; }

    /// <summary>The node's WebRTC UDP port (0 when the OS chose it).</summary>
    public int UdpPort { get; }

    public string HttpBase => $"http://{Http}";

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

    /// <summary>
    /// Starts <c>dotnet STREAMMESH verb args --http HOST:PORT</c> and waits until /healthz answers 200
    /// (or, with <paramref name="untilListening"/>, any answer: a relay is "starting" until it has a parent).
    /// </summary>
    public static async Task<ClusterNode> StartAsync(string streamMeshDll, string verb, string peerId, string? site, IPEndPoint http, int udpPort, IEnumerable<string> arguments, TimeSpan healthTimeout, CancellationToken cancellationToken, bool untilListening = false)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(arguments);
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(streamMeshDll);
        psi.ArgumentList.Add(verb);
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        psi.ArgumentList.Add("--http");
        psi.ArgumentList.Add(http.ToString());
        psi.Environment["DOTNET_ENVIRONMENT"] = "Development";
        psi.Environment["Logging__LogLevel__Default"] = "Information";
        psi.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start streammesh");
        var node = new ClusterNode(process, verb, peerId, site, http, udpPort);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await node.WaitHealthyAsync(healthTimeout, untilListening, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return node;
    }

    /// <summary>SIGKILL, no goodbye to the tracker or the children; waits until the process is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // reaped later by the OS; nothing more to do
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    public override string ToString() => $"{Role} {PeerId} ({Site ?? "no site"}) at {Http}";

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            if (_log.Length > LogLimit)
            {
                _log.Remove(0, LogLimit / 2);
            }

            _log.AppendLine(line);
        }
    }

    private async Task WaitHealthyAsync(TimeSpan timeout, bool untilListening, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        try
        {
            do
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"{this} exited with code {_process.ExitCode} before it was healthy:\n{Log}");
                }

                try
                {
                    using var response = await http.GetAsync(new Uri(HttpBase + "/healthz"), deadline.Token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode || untilListening)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }
                catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
                {
                    // slow start on a busy machine
                }
            }
            while (await ticks.WaitForNextTickAsync(deadline.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{this} was not healthy within {timeout}:\n{Log}");
        }
    }
}
