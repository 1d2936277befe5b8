using System.Globalization;
using StreamMesh.Testing.Processes;

namespace StreamMesh.ForwardBench;

/// <summary>
/// The relay's parent: a second ForwardBench in the <c>--serve-parent</c> role (<see cref="ParentRole"/>), in a process of
/// its own so its CPU is not counted in the relay's /proc figures. It publishes when told to on its stdin and ends at EOF
/// there; whatever way this process leaves, the parent is ended too (stdin EOF, a kill by its PID on exit, and the
/// parent's own watch on this PID).
/// </summary>
internal sealed class ParentProcess : IAsyncDisposable
{
    public const string ReadyPrefix = "forwardbench-parent: serving ";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(5);

    private readonly ChildProcess _child;
    private readonly EventHandler _killOnExit;
    private int _disposed;

    private ParentProcess(ChildProcess child)
    {
        _child = child;
        _killOnExit = (_, _) => _child.Kill();
        AppDomain.CurrentDomain.ProcessExit += _killOnExit;
    }

    public int Id => _child.ProcessId;

    public Uri WhepUrl { get; private set; } = null!;

    public string? ExitDescription => _child.HasExited ? $"parent process {Id} exited with code {_child.ExitCode}" : null;

    /// <summary>Starts the parent and waits until it serves its WHEP resource.</summary>
    public static async Task<ParentProcess> StartAsync(ForwardBenchOptions options, CancellationToken cancellationToken)
    {
        string[] arguments =
        [
            typeof(ParentProcess).Assembly.Location, "--serve-parent",
            "--video-kbps", options.VideoKilobitsPerSecond.ToString(CultureInfo.InvariantCulture),
            "--watch-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
        ];
        var child = ChildProcess.Start("forwardbench parent", "dotnet", arguments, new ProcessOutput(256 * 1024, OutputOverflow.KeepFirst), redirectStandardInput: true);
        var parent = new ParentProcess(child);
        try
        {
            var ready = await child.WaitForLineAsync(line => line.StartsWith(ReadyPrefix, StringComparison.Ordinal), StartTimeout, cancellationToken)
                ?? throw new InvalidOperationException($"the parent process did not serve within {StartTimeout} ({parent.ExitDescription ?? "still running"}):\n{child.Output.Text}");
            parent.WhepUrl = new Uri(ready[ReadyPrefix.Length..].Trim());
            return parent;
        }
        catch
        {
            await parent.DisposeAsync();
            throw;
        }
    }

    public void StartPublishing() => _child.WriteStandardInputLine(ParentRole.StartCommand);

    /// <summary>CPU clock ticks the parent has used so far (0 once it is gone).</summary>
    public long CpuTicks() =>
        Mesh.LoadTesting.ProcessUsageSample.TryRead(Id, TimeProvider.System, out var usage) ? usage.CpuTicks : 0;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= _killOnExit;
        try
        {
            // EOF on its stdin is the parent's signal to stop publishing and exit.
            _child.CloseStandardInput();
            await _child.WaitForExitAsync(ExitTimeout, CancellationToken.None);
        }
        catch (IOException)
        {
            // a broken pipe: the parent is gone or going; DisposeAsync kills what is left
        }

        // Kills it (and what it started) if it did not stop in time.
        await _child.DisposeAsync();
    }
}
