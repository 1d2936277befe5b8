using System.Globalization;
using StreamMesh.Fuzz;
using StreamMesh.Fuzz.Engine;
using StreamMesh.Fuzz.Targets;

// Fuzzes every parser of network or user bytes; see docs/fuzzing.md. Exit code: 0 clean, 1 findings,
// 2 bad arguments, 3 an input hung (the watchdog ends the run, the input is in the findings directory).
FuzzCommandLine commandLine;
try
{
    commandLine = FuzzCommandLine.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

if (commandLine.ListOnly)
{
    foreach (string name in FuzzTargetCatalog.Names)
    {
        FuzzTarget target = FuzzTargetCatalog.Create(name);
        Console.WriteLine($"{name,-18} {target.Description}");
        (target as IDisposable)?.Dispose();
    }

    return 0;
}

var options = new FuzzRunOptions
{
    Iterations = commandLine.Iterations,
    Seed = commandLine.Seed,
    InputTimeBudget = commandLine.InputTimeBudget,
    ProgressInterval = commandLine.ProgressInterval,
};
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"StreamMesh fuzz: {options.Iterations:N0} inputs per parser, seed {options.Seed}, per-input budget {options.InputTimeBudget.TotalMilliseconds:F0} ms, {Environment.ProcessorCount} cores"));

using var watchdog = new FuzzWatchdog(options.InputTimeBudget, finding =>
{
    Console.WriteLine(finding.Describe());
    FindingStore.Save(commandLine.FindingsDirectory, [finding]);
    Environment.Exit(3);
});
var runner = new FuzzRunner(options, watchdog, (target, done) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {target}: {done:N0} inputs")));
var results = new List<FuzzTargetResult>();
foreach (string name in commandLine.Targets)
{
    FuzzTarget target = FuzzTargetCatalog.Create(name);
    try
    {
        FuzzTargetResult result = runner.Run(target);
        results.Add(result);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {result.Inputs:N0} inputs, {result.FindingCount} findings, {result.InputsPerSecond:N0}/s"));
        if (commandLine.ShowOutcomes)
        {
            foreach ((int code, long count) in result.OutcomeCounts.OrderByDescending(p => p.Value))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  outcome 0x{code:X8}: {count:N0}"));
            }
        }

        foreach (FuzzFinding finding in result.Findings)
        {
            Console.WriteLine(finding.Describe());
        }

        FindingStore.Save(commandLine.FindingsDirectory, result.Findings);
    }
    finally
    {
        (target as IDisposable)?.Dispose();
    }
}

Console.WriteLine();
Console.Write(FuzzReport.Format(results));
long findings = results.Sum(r => r.FindingCount);
Console.WriteLine(findings == 0 ? "No findings." : $"{findings} findings; inputs saved under {Path.GetFullPath(commandLine.FindingsDirectory)}.");
return findings == 0 ? 0 : 1;
