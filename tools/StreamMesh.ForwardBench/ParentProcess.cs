using System.Diagnostics;
using System.Globalization;

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

    private readonly Process _process;
    private readonly EventHandler _killOnExit;
    private int _disposed;

    private ParentProcess(Process process)
    {
        _process = process;
        _killOnExit = (_, _) => Kill();
        AppDomain.CurrentDomain.ProcessExit += _killOnExit;
    }

    public int Id => _process.Id;

    public Uri WhepUrl { get; private set; } = null!;

    public string? ExitDescription => _process.HasExited ? $"parent process {_process.Id} exited with code {_process.ExitCode}" : null;

    /// <summary>Starts the parent and waits until it serves its WHEP resource.</summary>
    public static async Task<ParentProcess> StartAsync(ForwardBenchOptions options, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                typeof(ParentProcess).Assembly.Location, "--serve-parent",
                "--video-kbps", options.VideoKilobitsPerSecond.ToString(CultureInfo.InvariantCulture),
                "--watch-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        var parent = new ParentProcess(Process.Start(start) ?? throw new InvalidOperationException("cannot start the parent process"));
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            while (await parent._process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
                {
                    parent.WhepUrl = new Uri(line[ReadyPrefix.Length..].Trim());
                    return parent;
                }
            }

            throw new InvalidOperationException($"the parent process ended before serving ({parent.ExitDescription})");
        }
        catch
        {
            await parent.DisposeAsync();
            throw;
        }
    }

    public void StartPublishing()
    {
        _process.StandardInput.WriteLine(ParentRole.StartCommand);
        _process.StandardInput.Flush();
    }

    /// <summary>CPU clock ticks the parent has used so far (0 once it is gone).</summary>
    public long CpuTicks() =>
        Mesh.LoadTesting.ProcessUsageSample.TryRead(_process.Id, TimeProvider.System, out var usage) ? usage.CpuTicks : 0;

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
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(ExitTimeout);
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // a broken pipe or a parent that does not stop in time: killed below
        }
        finally
        {
            Kill();
            _process.Dispose();
        }
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // it exited in between
        }
    }
}
