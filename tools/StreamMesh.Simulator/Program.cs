using System.Diagnostics;
using System.Text.Json;
using StreamMesh.Simulator;
using StreamMesh.Simulator.Report;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(SimulatorArguments.Usage);
    return 0;
}

SimulatorArguments? parsed = SimulatorArguments.Parse(args, out string? error);
if (parsed is null)
{
    Console.Error.WriteLine($"simulator: {error}");
    Console.Error.WriteLine(SimulatorArguments.Usage);
    return 2;
}

// The join-throughput target is stated for one core; the simulation is single-threaded anyway.
bool singleCore = false;
if (!parsed.AllCores && (OperatingSystem.IsLinux() || OperatingSystem.IsWindows()))
{
    Process.GetCurrentProcess().ProcessorAffinity = 1;
    singleCore = true;
}

SimulationReport report = SimulationRunner.Run(parsed.Options, Console.Out, singleCore);
ReportTable.Write(report, Console.Out);

if (parsed.JsonPath is { } jsonPath)
{
    await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(report, SimulationJsonContext.Default.SimulationReport));
    Console.WriteLine($"\nJSON report written to {jsonPath}");
}

if (parsed.SitesOut is { } sitesOut && SimulationRunner.CreateUnderlay(parsed.Options).SiteMapText is { } siteMap)
{
    await File.WriteAllTextAsync(sitesOut, siteMap);
    Console.WriteLine($"site map written to {sitesOut}");
}

return 0;
