using System.Text.Json;
using Microsoft.Extensions.Logging;
using StreamMesh.LoadGen;
using StreamMesh.Mesh.LoadTesting;

if (!LoadGenArguments.TryParse(args, out var arguments, out var error))
{
    Console.Error.WriteLine($"streammesh-loadgen: {error}");
    Console.Error.WriteLine(LoadGenArguments.Usage);
    return 2;
}

if (arguments.Help)
{
    Console.WriteLine(LoadGenArguments.Usage);
    return 0;
}


using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Error));
var time = TimeProvider.System;
var options = new ViewerLoadOptions
{
    Viewers = arguments.Viewers,
    RampPerSecond = arguments.RampPerSecond,
    Duration = arguments.Duration,
    SharedReceivePoller = !arguments.AsyncReceive,
    ReceivePollerThreads = arguments.PollerThreads,
    Viewer = new HeadlessViewerOptions { ConnectTimeout = arguments.ConnectTimeout, VerifyEvery = arguments.VerifyEvery },
};

var watched = new List<(string Role, int Pid)> { ("loadgen", Environment.ProcessId) };
if (arguments.WatchPid is { } pid)
{
    watched.Insert(0, ("watched", pid));
}

var baseline = new ProcessUsageSample?[watched.Count];
var holdStart = new ProcessUsageSample?[watched.Count];
var holdEnd = new ProcessUsageSample?[watched.Count];
void SampleInto(ProcessUsageSample?[] into)
{
    for (int i = 0; i < watched.Count; i++)
    {
        into[i] = ProcessUsageSample.TryRead(watched[i].Pid, time, out var sample) ? sample : null;
    }
}

SampleInto(baseline);
await using var tree = arguments.Tracker is { } tracker
    ? new TrackerWhepTargetSource(new TrackerWhepTargetOptions
    {
        Tracker = tracker,
        Stream = arguments.Stream!,
        Sites = arguments.Sites,
        PeerIdPrefix = arguments.PeerPrefix ?? $"loadgen-{Environment.ProcessId}",
    }, timeProvider: time, loggerFactory: loggers)
    : null;
IWhepTargetSource targets = tree is not null ? tree : new FixedWhepTargetSource(arguments.Whep!);
await using var run = new ViewerLoadRun(options, targets, timeProvider: time, loggerFactory: loggers);
run.HoldStarted += () => SampleInto(holdStart);
run.HoldEnded += () => SampleInto(holdEnd);
var progress = arguments.Quiet ? null : new SynchronousProgress(p => Console.WriteLine(ReportPrinter.FormatProgress(p, arguments.Viewers)));
var report = await run.RunAsync(progress, stop.Token);

var processes = new List<ProcessUsage>();
for (int i = 0; i < watched.Count; i++)
{
    if (ProcessUsage.From(watched[i].Role, watched[i].Pid, baseline[i], holdStart[i], holdEnd[i], arguments.Viewers, time) is { } usage)
    {
        processes.Add(usage);
    }
}

ReportPrinter.PrintSummary(Console.Out, report, processes);
if (tree is not null)
{
    ReportPrinter.PrintTree(Console.Out, TreeLoadSummary.From(report.ViewerReports));
}
if (arguments.JsonPath is { } path)
{
    await using var file = File.Create(path);
    await JsonSerializer.SerializeAsync(file, new LoadGenResult(report, processes), LoadGenJsonContext.Default.LoadGenResult);
    Console.WriteLine($"  report written to {path}");
}

return report.Summary.ViewersFailed == 0 ? 0 : 1;
