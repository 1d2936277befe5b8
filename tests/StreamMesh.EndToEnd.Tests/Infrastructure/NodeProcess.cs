using StreamMesh.Testing.Processes;

namespace StreamMesh.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A <c>streammesh</c> process started from the test's output folder: a real separate process
/// talking real sockets on loopback. Its output is kept for the failure message.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private NodeProcess(ChildProcess process, string httpBase)
    {
        _process = process;
        HttpBase = httpBase;
    }

    public string HttpBase { get; }

    public int ProcessId => _process.ProcessId;

    public bool HasExited => _process.HasExited;

    /// <summary>Its stdout and stderr so far (the first megabyte).</summary>
    public string Log => _process.Output.Text;

    public static async Task<NodeProcess> StartAsync(string verb, IEnumerable<string> arguments, CancellationToken cancellationToken, int? httpPort = null)
    {
        var port = httpPort ?? FreeTcpPort();
        var dll = Path.Combine(AppContext.BaseDirectory, "streammesh.dll");
        var process = ChildProcess.Start(
            "streammesh",
            "dotnet",
            [dll, verb, .. arguments, "--http", $"127.0.0.1:{port}"],
            new ProcessOutput(1_000_000, OutputOverflow.KeepFirst),
            [new("DOTNET_ENVIRONMENT", "Development"), new("Logging__LogLevel__Default", "Information")]);
        var node = new NodeProcess(process, $"http://127.0.0.1:{port}");
        try
        {
            await process.WaitUntilHealthyAsync(new Uri(node.HttpBase + "/healthz"), TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return node;
    }

    public static int FreeTcpPort() => LoopbackPorts.FreeTcpPort();

    public static int FreeUdpPort() => LoopbackPorts.FreeUdpPort();

    /// <summary>Ends the process the hard way (SIGKILL), as a crash would.</summary>
    public void Kill() => _process.Kill();

    /// <summary>SIGTERM: the node shuts down gracefully (leaves the tracker, says BYE to its children).</summary>
    public Task TerminateAsync(CancellationToken cancellationToken) => _process.TerminateAsync(cancellationToken);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
