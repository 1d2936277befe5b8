using System.Globalization;
using StreamMesh.EndToEnd.Tests.Infrastructure;
using StreamMesh.Testing.Processes;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests.Viewer;

/// <summary>Wrong input to <c>streammesh view</c>: one clear line, a distinct exit code, never a stack trace.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ViewerBadInputTests(ITestOutputHelper output)
{
    [Fact]
    public async Task View_UnknownStream_StreamNotFoundExit3()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", "testsrc", "--stream", "demo"], cts.Token);

        var run = await ViewCommand.RunAsync(["--whep", $"{origin.HttpBase}/whep/nosuch", "--duration", "5s"], Path.GetTempPath(), cts.Token);
        output.WriteLine(run.ToString());

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("stream not found", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("nosuch", run.StandardError, StringComparison.Ordinal);
        AssertNoStackTrace(run);
    }

    [Fact]
    public async Task View_NothingListening_UnreachableExit4()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var port = NodeProcess.FreeTcpPort().ToString(CultureInfo.InvariantCulture);

        var run = await ViewCommand.RunAsync(["--whep", $"http://127.0.0.1:{port}/whep/demo"], Path.GetTempPath(), cts.Token);
        output.WriteLine(run.ToString());

        Assert.Equal(4, run.ExitCode);
        Assert.Contains("cannot reach 127.0.0.1:" + port, run.StandardError, StringComparison.Ordinal);
        AssertNoStackTrace(run);
    }

    [Theory]
    [InlineData("--whep", "127.0.0.1:8080/whep/demo", "not a WHEP URL")]
    [InlineData("--whep", "ftp://127.0.0.1/whep/demo", "not a WHEP URL")]
    [InlineData("--duration", "soon", "say what to watch")]
    [InlineData("--tracker", "http://127.0.0.1:9000", "--stream")]
    [InlineData("--stream", "demo", "--tracker")]
    [InlineData("--relay", "true", "--relay needs --tracker")]
    public async Task View_BadArguments_OneLineExit2(string flag, string value, string expected)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        var run = await ViewCommand.RunAsync([flag, value], Path.GetTempPath(), cts.Token);
        output.WriteLine(run.ToString());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.StandardError, StringComparison.Ordinal);
        AssertNoStackTrace(run);
    }

    [Fact]
    public async Task View_BadDuration_Exit2NamesTheValue()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        var run = await ViewCommand.RunAsync(["--whep", "http://127.0.0.1:1/whep/demo", "--duration", "soon"], Path.GetTempPath(), cts.Token);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'soon' is not a duration", run.StandardError, StringComparison.Ordinal);
        AssertNoStackTrace(run);
    }

    private static void AssertNoStackTrace(ProcessRun run)
    {
        Assert.DoesNotContain("   at ", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.StandardError, StringComparison.Ordinal);
        Assert.Single(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
