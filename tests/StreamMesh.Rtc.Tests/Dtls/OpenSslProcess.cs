using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace StreamMesh.Rtc.Tests.Dtls;

/// <summary>An openssl command-line process whose combined output can be awaited for patterns.</summary>
internal sealed class OpenSslProcess : IDisposable
{
    public const string Executable = "openssl";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Found)> _waiters = [];

    private OpenSslProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static bool IsAvailable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, Executable)));

    public static OpenSslProcess Start(params string[] arguments)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        var wrapper = new OpenSslProcess(process);
        process.OutputDataReceived += (_, e) => wrapper.Append(e.Data);
        process.ErrorDataReceived += (_, e) => wrapper.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    /// <summary>Runs openssl to completion and fails the test if it exits non-zero.</summary>
    public static async Task RunAsync(params string[] arguments)
    {
        using OpenSslProcess process = Start(arguments);
        process.CloseInput();
        await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process._process.ExitCode == 0, process.Output);
    }

    public Task<Match> WaitForAsync(Regex pattern, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            Match match = pattern.Match(_output.ToString());
            if (match.Success)
            {
                return Task.FromResult(match);
            }

            _waiters.Add((pattern, found));
        }

        return found.Task.WaitAsync(timeout);
    }

    public void CloseInput() => _process.StandardInput.Close();

    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    public void Dispose()
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
            // Already gone.
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
            string text = _output.ToString();
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                Match match = _waiters[i].Pattern.Match(text);
                if (match.Success)
                {
                    _waiters[i].Found.TrySetResult(match);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
