using System.Diagnostics;

namespace StreamMesh.Fuzz.Engine;

/// <summary>
/// Runs one target: every seed as-is, then mutated seeds (1–8 stacked mutations, splicing with a
/// second seed) and some pure garbage. Each input is timed, watched by the <see cref="FuzzWatchdog"/>
/// and its allocation measured with <see cref="GC.GetAllocatedBytesForCurrentThread"/>; any escaping
/// exception is a crash. The input buffer is reused, so the runner itself allocates nothing per input.
/// </summary>
public sealed class FuzzRunner
{
    private readonly FuzzRunOptions _options;
    private readonly FuzzWatchdog _watchdog;
    private readonly Action<string, long>? _progress;

    public FuzzRunner(FuzzRunOptions options, FuzzWatchdog watchdog, Action<string, long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(watchdog);
        options.Validate();
        _options = options;
        _watchdog = watchdog;
        _progress = progress;
    }

    public FuzzTargetResult Run(FuzzTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var random = new FuzzRandom(_options.Seed ^ (ulong)StableHash(target.Name));
        IReadOnlyList<byte[]> seeds = target.CreateSeeds(_options.Seed);
        if (seeds.Count == 0)
        {
            throw new InvalidOperationException($"Target {target.Name} has no seeds.");
        }

        IReadOnlyList<byte[]> dictionary = target.Dictionary;
        byte[] buffer = new byte[target.MaxInputLength];
        _watchdog.Attach(target.Name, buffer);
        var state = new RunState(target.Name, _options.FindingsPerSignature);
        long tickBudget = (long)(_options.InputTimeBudget.TotalSeconds * Stopwatch.Frequency);
        long started = Stopwatch.GetTimestamp();

        for (long i = 0; i < _options.Iterations; i++)
        {
            if (target.RefreshInterval > 0 && i % target.RefreshInterval == 0)
            {
                target.Refresh(random);
            }

            int length = i < seeds.Count
                ? Copy(seeds[(int)i], buffer)
                : NextInput(target, seeds, dictionary, buffer, random);
            ReadOnlySpan<byte> input = buffer.AsSpan(0, length);

            _watchdog.Arm(length);
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            long t0 = Stopwatch.GetTimestamp();
            int outcome;
            try
            {
                outcome = target.Execute(input);
            }
#pragma warning disable CA1031 // Any escaping exception is exactly what a fuzzer reports.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _watchdog.Disarm();
                state.Crash(input, ex);
                continue;
            }

            long ticks = Stopwatch.GetTimestamp() - t0;
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            _watchdog.Disarm();
            state.Record(outcome, ticks, allocated);
            if (ticks > tickBudget)
            {
                state.Add(FuzzFindingKind.Hang, input, $"took {ticks * 1000.0 / Stopwatch.Frequency:F0} ms (budget {_options.InputTimeBudget.TotalMilliseconds:F0} ms)", "slow");
            }

            long bound = target.AllocationBound(length);
            if (allocated > bound)
            {
                // The runtime allocates once when a path first runs (type loading, static initializers,
                // tier-up), so an overrun only counts if replaying the same input overruns again.
                long again = Replay(target, input, _watchdog);
                if (again > bound)
                {
                    state.Add(FuzzFindingKind.Allocation, input, $"allocated {allocated} then {again} bytes (bound {bound})", "allocation");
                }
                else
                {
                    state.CountOneOffAllocation();
                }
            }

            if (_progress is not null && _options.ProgressInterval > 0 && (i + 1) % _options.ProgressInterval == 0)
            {
                _progress(target.Name, i + 1);
            }
        }

        return state.ToResult(_options.Iterations, Stopwatch.GetElapsedTime(started));
    }

    private static long Replay(FuzzTarget target, ReadOnlySpan<byte> input, FuzzWatchdog watchdog)
    {
        watchdog.Arm(input.Length);
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            target.Execute(input);
        }
#pragma warning disable CA1031 // The first run did not throw; a throwing replay shows up as an overrun instead.
        catch (Exception)
#pragma warning restore CA1031
        {
            return long.MaxValue;
        }
        finally
        {
            watchdog.Disarm();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static int Copy(byte[] seed, byte[] buffer)
    {
        int length = Math.Min(seed.Length, buffer.Length);
        seed.AsSpan(0, length).CopyTo(buffer);
        return length;
    }

    private static int NextInput(FuzzTarget target, IReadOnlyList<byte[]> seeds, IReadOnlyList<byte[]> dictionary, byte[] buffer, FuzzRandom random)
    {
        if (random.OneIn(64))
        {
            int garbage = random.Next(Math.Min(buffer.Length, random.OneIn(4) ? buffer.Length : 64) + 1);
            random.Fill(buffer.AsSpan(0, garbage));
            return garbage;
        }

        int length = Copy(seeds[random.Next(seeds.Count)], buffer);
        byte[] other = seeds[random.Next(seeds.Count)];
        int mutations = random.Next(1, 1 + (1 << random.Next(4)));
        for (int m = 0; m < mutations; m++)
        {
            length = target.IsText
                ? TextMutator.MutateOnce(buffer, length, other, dictionary, random)
                : ByteMutator.MutateOnce(buffer, length, other, dictionary, random);
        }

        return length;
    }

    private static int StableHash(string text)
    {
        // string.GetHashCode is randomized per process; the input stream must not be.
        int hash = 17;
        foreach (char c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }

    private sealed class RunState(string target, int findingsPerSignature)
    {
        private readonly Dictionary<int, long> _outcomes = [];
        private readonly Dictionary<string, int> _signatures = [];
        private readonly List<FuzzFinding> _findings = [];
        private long _crashes;
        private long _hangs;
        private long _allocations;
        private long _maxAllocated;
        private long _slowestTicks;
        private long _oneOffAllocations;

        public void Record(int outcome, long ticks, long allocated)
        {
            _outcomes[outcome] = _outcomes.GetValueOrDefault(outcome) + 1;
            _maxAllocated = Math.Max(_maxAllocated, allocated);
            _slowestTicks = Math.Max(_slowestTicks, ticks);
        }

        public void CountOneOffAllocation() => _oneOffAllocations++;

        public void Crash(ReadOnlySpan<byte> input, Exception ex)
        {
            string frame = ex.TargetSite is { } site ? $"{site.DeclaringType?.Name}.{site.Name}" : "?";
            Add(FuzzFindingKind.Crash, input, $"{ex.GetType().Name}: {ex.Message} at {frame}", $"{ex.GetType().Name}@{frame}");
        }

        public void Add(FuzzFindingKind kind, ReadOnlySpan<byte> input, string detail, string signature)
        {
            switch (kind)
            {
                case FuzzFindingKind.Crash:
                    _crashes++;
                    break;
                case FuzzFindingKind.Hang:
                    _hangs++;
                    break;
                default:
                    _allocations++;
                    break;
            }

            _signatures.TryGetValue(signature, out int seen);
            _signatures[signature] = seen + 1;
            if (seen < findingsPerSignature)
            {
                _findings.Add(new FuzzFinding(target, kind, input.ToArray(), detail) { Signature = signature });
            }
        }

        public FuzzTargetResult ToResult(long inputs, TimeSpan elapsed) => new()
        {
            Target = target,
            Inputs = inputs,
            DistinctOutcomes = _outcomes.Count,
            OutcomeCounts = _outcomes,
            Crashes = _crashes,
            Hangs = _hangs,
            AllocationViolations = _allocations,
            OneOffAllocations = _oneOffAllocations,
            MaxAllocatedBytes = _maxAllocated,
            SlowestInput = Stopwatch.GetElapsedTime(0, _slowestTicks),
            Elapsed = elapsed,
            Findings = _findings,
        };
    }
}
