using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StreamMesh.ForwardBench;
using StreamMesh.Mesh.Hosting;
using StreamMesh.Mesh.LoadTesting;
using StreamMesh.Mesh.Streams;
using StreamMesh.Mesh.Whep;
using StreamMesh.Rtc.Net;

// streammesh-forwardbench: one forwarding node (this process) serving a synthetic 2.5 Mbit/s H.264 +
// Opus stream over WHEP to N LoadGen viewers (a child process), measured from inside: /proc CPU and
// RSS, forwarded packets, per-hop latency, allocations. See docs/benchmarks-forwarding.md.
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

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls("http://127.0.0.1:0");
// The node's Limits (docs/security.md) sized for the benchmark: room for every viewer (the default
// MaxViewers is 1000, so N = 1000 would have no slack for a viewer that retries), and a handshake
// reaper as patient as LoadGen's 60 s connect budget, so a viewer queued for a DTLS slot on a
// loaded box is not reaped while it waits.
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Node:Http"] = "127.0.0.1:0",
    ["Limits:MaxViewers"] = Math.Max(1000, 2 * options.Viewers).ToString(CultureInfo.InvariantCulture),
    ["Limits:HandshakeTimeoutSeconds"] = "60",
});
builder.Services.AddValidatedOptions<StreamMesh.Mesh.Security.LimitsOptions>(builder.Configuration, StreamMesh.Mesh.Security.LimitsOptions.Section);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddValidatedOptions<NodeOptions>(builder.Configuration, NodeOptions.Section);
builder.Services.AddStreamMeshNode(builder.Configuration);

// The node's own endpoint, but with the send path under test selectable (sendmmsg or one sendto per packet).
builder.Services.AddSingleton(sp => new StreamMesh.Rtc.Peer.WebRtcEndpoint(
    new UdpMux(new UdpMuxOptions { UseSendMmsg = options.UseSendMmsg, UseSegmentationOffload = options.UseSegmentationOffload, SocketSendBufferSize = 4 * 1024 * 1024, DedicatedReceiveThread = options.DedicatedReceiveThread }),
    StreamMesh.Rtc.Dtls.DtlsCertificate.Generate(TimeProvider.System)));
var app = builder.Build();
app.MapWhep();

var fanOut = options.SendWorkers >= 0 ? new FanOutOptions { SendWorkers = options.SendWorkers } : new FanOutOptions();
using var scheduler = new FanOutScheduler(fanOut);
var video = new StreamTrack(MediaKind.Video, "H264", 90_000, 0, 0x5111_0001, 0x5111_0002, 102);
var audio = new StreamTrack(MediaKind.Audio, "opus", 48_000, 2, 0x5111_0003, 0, 111);
using var stream = new LiveStream("bench", video, audio, TimeProvider.System, scheduler);
app.Services.GetRequiredService<StreamRegistry>().Add(stream);
var mux = app.Services.GetRequiredService<StreamMesh.Rtc.Peer.WebRtcEndpoint>().Mux;
await app.StartAsync();
var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
var whep = new Uri(new Uri(url), "/whep/bench");
Console.WriteLine($"forwardbench: serving {whep} (UDP {mux.LocalEndPoint}, {fanOut.SendWorkers} send workers, sendmmsg {mux.SendsBatchesInOneCall}, UDP_SEGMENT {mux.SendsSegmentedMessages})");

using var stop = new CancellationTokenSource();
var source = new SyntheticSource(stream, options.VideoKilobitsPerSecond);
var sourceThread = new Thread(() => source.Run(stop.Token)) { IsBackground = true, Name = "synthetic-source" };
if (options.PublishDuringRamp || options.LoadGen is null)
{
    sourceThread.Start();
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
while (stream.SubscriberCount < options.Viewers && Stopwatch.GetElapsedTime(waitStarted) < options.ConnectTimeout && loadGen is not { HasExited: true })
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

if (!sourceThread.IsAlive)
{
    Console.WriteLine($"forwardbench: {stream.SubscriberCount} viewers attached; starting the source");
    sourceThread.Start();
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
await Task.Delay(options.Hold);
var after = Sample();
var loadGenAfter = SampleOther(loadGen);
var statsAfter = scheduler.GetStatistics();
var publishedAfter = stream.PacketsPublished;
var dropsAfter = stream.Subscriptions.Sum(s => s.PacketsDropped);
var muxAfter = mux.Counters;

var seconds = (after.Time - before.Time) / (double)Stopwatch.Frequency;
var forwarded = statsAfter.PacketsSent - statsBefore.PacketsSent;
var cpuSeconds = (after.CpuTicks - before.CpuTicks) / ProcessUsageSample.ClockTicksPerSecond;
var attached = stream.SubscriberCount;
var batchCalls = muxAfter.BatchSystemCalls - muxBefore.BatchSystemCalls;
var segmentedMessages = muxAfter.SegmentedMessages - muxBefore.SegmentedMessages;
var segmentedDatagrams = muxAfter.SegmentedDatagrams - muxBefore.SegmentedDatagrams;
var result = new ForwardBenchResult(
    options.Viewers,
    attached,
    fanOut.SendWorkers,
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
};
stop.Cancel();
sourceThread.Join();
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
            _ => null,
        };
        if (next is null)
        {
            error = $"unknown option or bad value: {name} {value}\nusage: streammesh-forwardbench --viewers N [--ramp PER_S] [--hold SECONDS] [--workers N] [--video-kbps K] [--no-sendmmsg] [--no-gso] [--async-receive] [--loadgen-async-receive] [--publish-during-ramp] [--verify-every K] [--loadgen streammesh-loadgen.dll] [--json FILE]";
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
