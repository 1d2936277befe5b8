using Microsoft.Extensions.DependencyInjection;
using StreamMesh.Mesh.Streams;

namespace StreamMesh.ForwardBench;

/// <summary>
/// <c>--serve-parent</c>: the parent a <c>--relay</c> run pulls from. It serves the synthetic stream over WHEP like an
/// origin (the stream on the process-wide scheduler, its one child sent to inline), prints its WHEP URL, publishes once
/// <see cref="StartCommand"/> arrives on stdin and exits at EOF there or when the relay's process is gone.
/// </summary>
internal static class ParentRole
{
    public const string StartCommand = "start";

    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(ForwardBenchOptions options)
    {
        var app = BenchNodeHost.Build(options);
        using var stream = SyntheticSource.CreateStream(FanOutScheduler.Shared);
        app.Services.GetRequiredService<StreamRegistry>().Add(stream);
        await app.StartAsync();

        using var stop = new CancellationTokenSource();
        var source = new SyntheticSource(stream, options.VideoKilobitsPerSecond);
        var thread = new Thread(() => source.Run(stop.Token)) { IsBackground = true, Name = "synthetic-source" };
        Console.WriteLine($"{ParentProcess.ReadyPrefix}{BenchNodeHost.WhepUrl(app, SyntheticSource.StreamName)}");

        // The console reader does not observe cancellation; it is left blocked when the watch ends the run.
        var commands = Task.Run(async () =>
        {
            while (await Console.In.ReadLineAsync() is { } line)
            {
                if (line.Trim() == StartCommand && thread.ThreadState.HasFlag(ThreadState.Unstarted))
                {
                    thread.Start();
                }
            }
        });
        var watch = options.WatchPid is { } pid ? WatchAsync(pid, stop.Token) : Task.Delay(Timeout.Infinite, stop.Token);
        await Task.WhenAny(commands, watch);

        await stop.CancelAsync();
        if (!thread.ThreadState.HasFlag(ThreadState.Unstarted))
        {
            thread.Join();
        }

        await app.StopAsync();
        return 0;
    }

    /// <summary>Returns once <paramref name="pid"/> is gone: a relay killed outright must not leave its parent publishing.</summary>
    private static async Task WatchAsync(int pid, CancellationToken cancellationToken)
    {
        using var ticks = new PeriodicTimer(WatchInterval, TimeProvider.System);
        while (Directory.Exists($"/proc/{pid}") && await ticks.WaitForNextTickAsync(cancellationToken))
        {
        }
    }
}
