using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace StreamMesh.EndToEnd.Tests.Trust;

/// <summary>
/// <c>streammesh view</c> running in the background: its progress lines (one a second when redirected) give the
/// frames received so far, so a test can check that media keeps flowing while it does other things.
/// </summary>
internal sealed partial class ViewerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private long _frames;

    private ViewerProcess(Process process) => _process = process;

    public long Frames => Interlocked.Read(ref _frames);

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static ViewerProcess Start(IEnumerable<string> arguments)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "streammesh.dll"));
        psi.ArgumentList.Add("view");
        foreach (string a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        var viewer = new ViewerProcess(Process.Start(psi) ?? throw new InvalidOperationException("could not start streammesh view"));
        viewer._process.OutputDataReceived += (_, e) => viewer.OnLine(e.Data);
        viewer._process.ErrorDataReceived += (_, e) => viewer.OnLine(e.Data);
        viewer._process.BeginOutputReadLine();
        viewer._process.BeginErrorReadLine();
        return viewer;
    }

    /// <summary>Waits until at least <paramref name="frames"/> frames have been received.</summary>
    public async Task WaitForFramesAsync(long frames, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (Frames < frames)
        {
            if (_process.HasExited || deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"the viewer received {Frames} frames, expected {frames}:\n{Output}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        _process.WaitForExit(); // drains the redirected streams
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        Match match = FramesField().Match(line);
        if (match.Success)
        {
            Interlocked.Exchange(ref _frames, long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex(@"\| frames\s+(\d+) \|")]
    private static partial Regex FramesField();
}
