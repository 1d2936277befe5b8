using System.Net;
using StreamMesh.Testing.Processes;

namespace StreamMesh.Chaos;

/// <summary>
/// One <c>streammesh</c> process of a <see cref="TreeCluster"/>: its role, site, addresses and the tail
/// of its output. <see cref="Kill"/> is SIGKILL (<c>kill -9</c>), as a crash would end it.
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private const int LogLimit = 400_000;
    private readonly ChildProcess _process;

    private ClusterNode(ChildProcess process, string role, string peerId, string? site, IPEndPoint http, int udpPort)
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

    public int ProcessId => _process.ProcessId;

    public bool HasExited => _process.HasExited;

    /// <summary>The latest of its stdout and stderr (about 400 kB).</summary>
    public string Log => _process.Output.Text;

    /// <summary>
    /// Starts <c>dotnet STREAMMESH verb args --http HOST:PORT</c> and waits until /healthz answers 200
    /// (or, with <paramref name="untilListening"/>, any answer: a relay is "starting" until it has a parent).
    /// </summary>
    public static async Task<ClusterNode> StartAsync(string streamMeshDll, string verb, string peerId, string? site, IPEndPoint http, int udpPort, IEnumerable<string> arguments, TimeSpan healthTimeout, CancellationToken cancellationToken, bool untilListening = false)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(arguments);
        var process = ChildProcess.Start(
            $"{verb} {peerId} ({site ?? "no site"}) at {http}",
            "dotnet",
            [streamMeshDll, verb, .. arguments, "--http", http.ToString()],
            new ProcessOutput(LogLimit, OutputOverflow.KeepLatest),
            [new("DOTNET_ENVIRONMENT", "Development"), new("Logging__LogLevel__Default", "Information"), new("DOTNET_gcServer", "0")]);
        var node = new ClusterNode(process, verb, peerId, site, http, udpPort);
        try
        {
            await process.WaitUntilHealthyAsync(new Uri(node.HttpBase + "/healthz"), healthTimeout, cancellationToken, anyAnswer: untilListening).ConfigureAwait(false);
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return node;
    }

    /// <summary>SIGKILL, no goodbye to the tracker or the children; waits until the process is gone.</summary>
    public Task KillAsync() => _process.KillAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    public override string ToString() => _process.Name;
}
