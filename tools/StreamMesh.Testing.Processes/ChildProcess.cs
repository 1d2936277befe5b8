using System.Diagnostics;
using System.Globalization;

namespace StreamMesh.Testing.Processes;

/// <summary>
/// A process a test or tool starts and owns: its output goes into a bounded <see cref="ProcessOutput"/>,
/// it can be signalled by PID, and disposing it kills it and everything it started.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);
    private readonly Process _process;

    private ChildProcess(Process process, string name, ProcessOutput output)
    {
        _process = process;
        Name = name;
        Output = output;
    }

    /// <summary>What failure messages call the process.</summary>
    public string Name { get; }

    public ProcessOutput Output { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code; only once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Starts <paramref name="fileName"/> with <paramref name="arguments"/> (each passed as one argument, no shell) and
    /// <paramref name="environment"/> added to this process's own, reading stdout and stderr into <paramref name="output"/>.
    /// With <paramref name="redirectStandardInput"/> its stdin is a pipe that stays empty until <see cref="CloseStandardInput"/>, not this terminal.
    /// </summary>
    public static ChildProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        ProcessOutput output,
        IEnumerable<KeyValuePair<string, string>>? environment = null,
        bool redirectStandardInput = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        var start = RedirectedStartInfo.Create(fileName, arguments, environment, redirectStandardInput);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {name}");
        process.OutputDataReceived += (_, e) => output.Append(e.Data);
        process.ErrorDataReceived += (_, e) => output.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process, name, output);
    }

    /// <summary>Writes one line to the child's stdin (started with <c>redirectStandardInput</c>) and flushes it.</summary>
    public void WriteStandardInputLine(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Closes the child's stdin (started with <c>redirectStandardInput</c>): end of input, as Ctrl+D would send.</summary>
    public void CloseStandardInput() => _process.StandardInput.Close();

    /// <summary>SIGTERM: asks the process to shut down gracefully.</summary>
    public Task TerminateAsync(CancellationToken cancellationToken) => SignalAsync("TERM", cancellationToken);

    /// <summary>SIGINT, as Ctrl+C in a terminal.</summary>
    public Task InterruptAsync(CancellationToken cancellationToken) => SignalAsync("INT", cancellationToken);

    /// <summary>SIGKILL (<c>kill -9</c>) of the process and its children, as a crash would end them; does not wait.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>SIGKILL of the process and its children, then waits (up to 10 s) until it is gone.</summary>
    public async Task KillAsync()
    {
        Kill();
        await WaitForExitAsync(ExitWait, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>True when the process exits within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // still running (or not yet reaped); the caller decides what that means
            return false;
        }
    }

    /// <summary>Waits until the process exits and its output is read to the end; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        // WaitForExitAsync also waits for the redirected streams to reach end of file, so Output is complete.
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>
    /// The first output line, kept or still to come, for which <paramref name="match"/> holds; null when the process
    /// exits without printing one or <paramref name="timeout"/> passes first.
    /// </summary>
    public async Task<string?> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        Task<string> line = Output.WaitForLineAsync(match, deadline.Token);
        Task exited = _process.WaitForExitAsync(deadline.Token);
        await Task.WhenAny(line, exited).ConfigureAwait(false);
        if (line.IsCompletedSuccessfully)
        {
            return await line.ConfigureAwait(false);
        }

        // Ends the line waiter (and removes it) whatever happened.
        await deadline.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        // After the exit every line has been read: one may have matched while this method was looking at the exit.
        return exited.IsCompletedSuccessfully ? Output.FindLine(match) : null;
    }

    /// <summary>
    /// Polls <paramref name="healthz"/> every 200 ms until it answers 200 (with <paramref name="anyAnswer"/>, until it answers at all).
    /// </summary>
    /// <exception cref="InvalidOperationException">The process exited first.</exception>
    /// <exception cref="TimeoutException">It did not within <paramref name="timeout"/>.</exception>
    public async Task WaitUntilHealthyAsync(Uri healthz, TimeSpan timeout, CancellationToken cancellationToken, bool anyAnswer = false)
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
                    throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was healthy:\n{Output.Text}");
                }

                try
                {
                    using var response = await http.GetAsync(healthz, deadline.Token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode || anyAnswer)
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
            throw new TimeoutException($"{Name} was not healthy within {timeout}:\n{Output.Text}");
        }
    }

    /// <summary>Kills the process and its children (if still running), waits for them, then releases the handle.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    public override string ToString() => Name;

    // kill(1) rather than a P/Invoke: one small process per signal is cheap next to what a test does with it.
    private async Task SignalAsync(string signal, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false };
        using var kill = Process.Start(start) ?? throw new InvalidOperationException("could not start kill");
        await kill.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
    }
}
