using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StreamMesh.ForwardBench;
using StreamMesh.Mesh.LoadTesting;
using StreamMesh.Mesh.Streams;

// streammesh-forwardbench: one forwarding node (this process) serving a synthetic 2.5 Mbit/s H.264 +
// Opus stream over WHEP to N LoadGen viewers (a child process), measured from inside: /proc CPU and
// RSS, forwarded packets, per-hop latency, allocations. The node is an origin (the source publishes
// into its stream) or, with --relay, a relay pulling the stream over WebRTC from a parent process
// (this program again, --serve-parent). See docs/benchmarks-forwarding.md.
if (args is ["--send-path-ab", ..] )
{
    SendPathComparison.Run(args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out var blocks) ? blocks : 40);
    return 0;
}

if (!TryParse(args, out var options, out var error))
{
    await Console.Error.WriteLineAsync(error);
    return 2;
}

if (options.ServeParent)
{
    return await ParentRole.RunAsync(options);
}

var app = BenchNodeHost.Build(options);
var registry = app.Services.GetRequiredService<StreamRegistry>();
var endpoint = app.Services.GetRequiredService<StreamMesh.Rtc.Peer.WebRtcEndpoint>();
var mux = endpoint.Mux;
await app.StartAsync();
var whep = BenchNodeHost.WhepUrl(app, SyntheticSource.StreamName);

// The relay's parent is a process of its own, ended by ParentProcess whatever way this one leaves.
await using IBenchIngress ingress = options.Relay
    ? await RelayIngress.ConnectAsync(options, registry, endpoint, app.Services.GetRequiredService<ILoggerFactory>(), CancellationToken.None)
    : new SyntheticIngress(registry, options.SendWorkers >= 0 ? new FanOutOptions { SendWorkers = options.SendWorkers } : new FanOutOptions(), options.VideoKilobitsPerSecond);
var stream = ingress.Stream;
var scheduler = ingress.Scheduler;
Console.WriteLine($"forwardbench: serving {whep} (UDP {mux.LocalEndPoint}, {scheduler.Options.SendWorkers} send workers, sendmmsg {mux.SendsBatchesInOneCall}, UDP_SEGMENT {mux.SendsSegmentedMessages})");
if (ingress is RelayIngress relay)
{
    Console.WriteLine($"forwardbench: relay, pulling from parent {relay.ParentWhepUrl} (pid {relay.ParentProcessId})");
}

if (options.PublishDuringRamp || options.LoadGen is null)
{
    ingress.StartPublishing();
}

await Task.Delay(TimeSpan.FromSeconds(2));
var idle = Sample();

Process? loadGen = null;
var loadGenJson = options.Json is { } j ? Path.ChangeExtension(j, ".loadgen.json") : Path.Combine(Path.GetTempPath(), $"forwardbench-{Environment.ProcessId}.loadgen.json");
if (options.LoadGen is { } loadGenPath)
{
    var rampSeconds = options.Viewers / (double)options.RampPerSecond;
    var loadGenHold = options.Hold + TimeSpan.FromSeconds(8);
    var start = new ProcessStartInfo("dotnet")
    {
        ArgumentList =
        {
            loadGenPath, "--whep", whep.ToString(), "--viewers", options.Viewers.ToString(CultureInfo.InvariantCulture),
            "--ramp", options.RampPerSecond.ToString(CultureInfo.InvariantCulture), "--duration", $"{(int)loadGenHold.TotalSeconds}s",
            "--json", loadGenJson, "--watch-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), "--quiet",
            "--connect-timeout", "60s", "--verify-every", options.LoadGenVerifyEvery.ToString(CultureInfo.InvariantCulture),
        },
        RedirectStandardOutput = true,
    };
    if (options.LoadGenAsyncReceive)
    {
        start.ArgumentList.Add("--async-receive");
    }

    loadGen = Process.Start(start) ?? throw new InvalidOperationException("cannot start LoadGen");
    Console.WriteLine($"forwardbench: LoadGen pid {loadGen.Id}, {options.Viewers} viewers at {options.RampPerSecond}/s (ramp {rampSeconds:F0} s)");
}

// Measure once the viewers are attached (or the connect budget is spent), after a settle.
// Viewers that fail to connect never attach: stop waiting once the count has been steady for 5 s.
var waitStarted = Stopwatch.GetTimestamp();
var lastCount = -1;
var steadySince = Stopwatch.GetTimestamp();
while (stream.SubscriberCount < options.Viewers && Stopwatch.GetElapsedTime(waitStarted) < options.ConnectTimeout && loadGen is not { HasExited: true } && ingress.Failure is null)
{
    await Task.Delay(500);
    var count = stream.SubscriberCount;
    if (count != lastCount)
    {
        lastCount = count;
        steadySince = Stopwatch.GetTimestamp();
    }
    else if (count > 0 && Stopwatch.GetElapsedTime(steadySince) > TimeSpan.FromSeconds(5))
    {
        break;
    }
}

if (!ingress.IsPublishing)
{
    Console.WriteLine($"forwardbench: {stream.SubscriberCount} viewers attached; starting the source");
    ingress.StartPublishing();
}

// Settle: GOP start, JIT tiering of the send path, queues at their steady depth.
await Task.Delay(TimeSpan.FromSeconds(5));
scheduler.ClearLatency();
var before = Sample();
var loadGenBefore = SampleOther(loadGen);
var statsBefore = scheduler.GetStatistics();
var publishedBefore = stream.PacketsPublished;
var dropsBefore = stream.Subscriptions.Sum(s => s.PacketsDropped);
var muxBefore = mux.Counters;
var ingressBefore = ingress.Sample();
await Task.Delay(options.Hold);
var after = Sample();
var loadGenAfter = SampleOther(loadGen);
var statsAfter = scheduler.GetStatistics();
var publishedAfter = stream.PacketsPublished;
var dropsAfter = stream.Subscriptions.Sum(s => s.PacketsDropped);
var muxAfter = mux.Counters;
var ingressAfter = ingress.Sample();

var seconds = (after.Time - before.Time) / (double)Stopwatch.Frequency;
var forwarded = statsAfter.PacketsSent - statsBefore.PacketsSent;
var cpuSeconds = (after.CpuTicks - before.CpuTicks) / ProcessUsageSample.ClockTicksPerSecond;
var attached = stream.SubscriberCount;
var batchCalls = muxAfter.BatchSystemCalls - muxBefore.BatchSystemCalls;
var segmentedMessages = muxAfter.SegmentedMessages - muxBefore.SegmentedMessages;
var segmentedDatagrams = muxAfter.SegmentedDatagrams - muxBefore.SegmentedDatagrams;
var upstreamPackets = ingressAfter.PacketsReceived - ingressBefore.PacketsReceived;
var upstreamVideoLost = ingressAfter.VideoPacketsLost - ingressBefore.VideoPacketsLost;
var upstreamVideoReceived = ingressAfter.VideoPacketsReceived - ingressBefore.VideoPacketsReceived;
var result = new ForwardBenchResult(
    options.Viewers,
    attached,
    scheduler.Options.SendWorkers,
    mux.SendsBatchesInOneCall,
    seconds,
    (publishedAfter - publishedBefore) / seconds,
    forwarded / seconds,
    cpuSeconds / seconds,
    cpuSeconds > 0 ? forwarded / cpuSeconds : 0,
    forwarded > 0 ? cpuSeconds * 1e6 / forwarded : 0,
    attached > 0 ? cpuSeconds / seconds * 100 / attached : 0,
    batchCalls > 0 ? (muxAfter.DatagramsSent - muxBefore.DatagramsSent) / (double)batchCalls : 1,
    dropsAfter - dropsBefore,
    statsAfter.Latency,
    idle.RssBytes / 1e6,
    after.RssBytes / 1e6,
    attached > 0 ? (after.RssBytes - idle.RssBytes) / 1e3 / attached : 0,
    forwarded > 0 ? (after.Allocated - before.Allocated) / (double)forwarded : 0,
    statsAfter.AllocatedBytes - statsBefore.AllocatedBytes,
    LoadAverage(),
    null);

string? loadGenSummary = null;
if (loadGen is not null)
{
    await loadGen.WaitForExitAsync();
    loadGenSummary = File.Exists(loadGenJson) ? SummarizeLoadGen(loadGenJson) : "LoadGen wrote no report";
}

result = result with
{
    LoadGenSummary = loadGenSummary,
    DedicatedReceiveThread = options.DedicatedReceiveThread,
    LoadGenVerifyEvery = options.LoadGenVerifyEvery,
    LoadGenCpuCores = (loadGenAfter - loadGenBefore) / ProcessUsageSample.ClockTicksPerSecond / seconds,
    SegmentationOffload = mux.SendsSegmentedMessages,
    DatagramsPerSegmentedMessage = segmentedMessages > 0 ? segmentedDatagrams / (double)segmentedMessages : 0,
    Relay = ingress.IsRelay,
    UpstreamPacketsReceived = upstreamPackets,
    UpstreamPacketsPerSecond = upstreamPackets / seconds,
    UpstreamVideoPacketsLost = upstreamVideoLost,
    UpstreamVideoLossFraction = upstreamVideoLost + upstreamVideoReceived > 0 ? upstreamVideoLost / (double)(upstreamVideoLost + upstreamVideoReceived) : 0,
    UpstreamVideoJitterMs = ingressAfter.VideoJitterMs,
    ParentCpuCores = (ingressAfter.ParentCpuTicks - ingressBefore.ParentCpuTicks) / ProcessUsageSample.ClockTicksPerSecond / seconds,
};
if (ingress.Failure is { } failure)
{
    await Console.Error.WriteLineAsync($"forwardbench: the ingress failed during the run: {failure}");
}

// The source stops (and a relay's parent exits) before the node does; `await using` above covers the failure paths.
await ingress.DisposeAsync();
await app.StopAsync();

var json = JsonSerializer.Serialize(result, ForwardBenchJson.Default.ForwardBenchResult);
Console.WriteLine(json);
if (options.Json is { } path)
{
    await File.WriteAllTextAsync(path, json);
}

return 0;

static (long CpuTicks, long RssBytes, long Time, long Allocated) Sample()
{
    ProcessUsageSample.TryRead(Environment.ProcessId, TimeProvider.System, out var usage);
    return (usage.CpuTicks, usage.RssBytes, Stopwatch.GetTimestamp(), GC.GetTotalAllocatedBytes(precise: true));
}

static long SampleOther(Process? process) =>
    process is not null && ProcessUsageSample.TryRead(process.Id, TimeProvider.System, out var usage) ? usage.CpuTicks : 0;

static double LoadAverage()
{
    var text = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg") : "0";
    return double.TryParse(text.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : 0;
}

static string SummarizeLoadGen(string path)
{
    using var document = JsonDocument.Parse(File.ReadAllText(path));
    var root = document.RootElement;
    var report = root.TryGetProperty("report", out var r) ? r : root;
    var summary = report.TryGetProperty("summary", out var s) ? s : report;
    string Get(string name) => summary.TryGetProperty(name, out var v) ? v.ToString() : "?";
    string Latency(string name) => summary.TryGetProperty(name, out var v) && v.TryGetProperty("p50Ms", out var p50) && v.TryGetProperty("p99Ms", out var p99)
        ? $"p50 {p50.GetDouble():F1} / p99 {p99.GetDouble():F1} ms"
        : "?";
    var mode = report.TryGetProperty("receiveMode", out var m) ? m.GetString() : "?";
    return $"receive {mode}, connected {Get("viewersConnected")}/{Get("viewersRequested")}, {summary.GetProperty("packetsPerSecond").GetDouble():F0} pkt/s received, loss {Get("lossFraction")}, client drops {Get("receiveBufferDrops")}, video g2g {Latency("videoLatency")}, audio g2g {Latency("audioLatency")}";
}

static bool TryParse(string[] args, out ForwardBenchOptions options, out string error)
{
    options = new ForwardBenchOptions();
    error = string.Empty;
    for (var i = 0; i < args.Length; i++)
    {
        var name = args[i];
        if (name == "--no-gso")
        {
            options = options with { UseSegmentationOffload = false };
            continue;
        }

        if (name == "--no-sendmmsg")
        {
            options = options with { UseSendMmsg = false };
            continue;
        }

        if (name == "--publish-during-ramp")
        {
            options = options with { PublishDuringRamp = true };
            continue;
        }

        if (name == "--async-receive")
        {
            options = options with { DedicatedReceiveThread = false };
            continue;
        }

        if (name == "--relay")
        {
            options = options with { Relay = true };
            continue;
        }

        if (name == "--serve-parent")
        {
            options = options with { ServeParent = true };
            continue;
        }

        if (name == "--loadgen-async-receive")
        {
            options = options with { LoadGenAsyncReceive = true };
            continue;
        }

        if (i + 1 >= args.Length)
        {
            error = $"{name} needs a value";
            return false;
        }

        var value = args[++i];
        var number = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
        ForwardBenchOptions? next = name switch
        {
            "--viewers" when number is { } v => options with { Viewers = v },
            "--ramp" when number is { } r => options with { RampPerSecond = r },
            "--hold" when number is { } h => options with { Hold = TimeSpan.FromSeconds(h) },
            "--workers" when number is { } w => options with { SendWorkers = w },
            "--video-kbps" when number is { } k => options with { VideoKilobitsPerSecond = k },
            "--verify-every" when number is { } e and > 0 => options with { LoadGenVerifyEvery = e },
            "--loadgen" => options with { LoadGen = value },
            "--json" => options with { Json = value },
            "--watch-pid" when number is { } p and > 0 => options with { WatchPid = p },
            _ => null,
        };
        if (next is null)
        {
            error = $"unknown option or bad value: {name} {value}\nusage: streammesh-forwardbench --viewers N [--ramp PER_S] [--hold SECONDS] [--workers N] [--video-kbps K] [--no-sendmmsg] [--no-gso] [--async-receive] [--loadgen-async-receive] [--publish-during-ramp] [--relay] [--verify-every K] [--loadgen streammesh-loadgen.dll] [--json FILE]";
            return false;
        }

        options = next;
    }

    try
    {
        options.Validate();
        return true;
    }
    catch (ArgumentException ex)
    {
        error = ex.Message;
        return false;
    }
}
