using System.Text.Json;
using Microsoft.Extensions.Logging;
using StreamMesh.Chaos;

if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(ChaosArguments.Usage);
    return 0;
}

if (!ChaosArguments.TryParse(args, out var options, out var markdown, out var json, out var error))
{
    Console.Error.WriteLine($"streammesh-chaos: {error}");
    Console.Error.WriteLine(ChaosArguments.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

// SIGTERM too: the run must end by killing the processes it started, not orphan them.
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
var run = new ChaosRun(options, line => Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {line}"), loggers);
var report = await run.RunAsync(stop.Token);
var section = ChaosMarkdown.Render(options, report);
Console.WriteLine();
Console.WriteLine(section);
if (markdown is not null)
{
    await File.AppendAllTextAsync(markdown, "\n" + section);
}

if (json is not null)
{
    await using var file = File.Create(json);
    await JsonSerializer.SerializeAsync(file, report, ChaosJsonContext.Default.ChaosReport);
}

return report.ViewersLost == 0 && (report.Flood is null || report.Flood.ThroughputDropPercent < 10) ? 0 : 1;
