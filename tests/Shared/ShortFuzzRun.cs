using System.Buffers.Binary;

namespace StreamMesh.Tests.Shared;

/// <summary>
/// The in-suite version of tools/StreamMesh.Fuzz: a few thousand mutated seeds per parser (bit flips,
/// interesting bytes, insert/delete, truncation, 16-bit length lies, splicing), each checked for an
/// escaping exception and for allocation above a bound, the whole run under a hang guard that names
/// the input it was stuck on. Deterministic: the same seed replays the same inputs.
/// </summary>
internal static class ShortFuzzRun
{
    /// <summary>Generous on purpose (shared 2-core CI): a real hang never finishes, a slow machine does.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(120);

    public delegate int Target(ReadOnlySpan<byte> input);

    /// <summary>Runs the inputs and returns the distinct outcome codes; fails on any crash, allocation overrun or hang.</summary>
    public static async Task<IReadOnlySet<int>> AssertRobustAsync(
        IReadOnlyList<byte[]> seeds, Target target, int iterations, long allocationBound = long.MaxValue, int seed = 1)
    {
        var outcomes = new HashSet<int>();
        var failures = new List<string>();
        byte[] current = [];
        Task run = Task.Run(() =>
        {
            var random = new Random(seed);

            // Warm-up: first calls may run static initializers and allocate once; seeds must not throw either.
            foreach (byte[] input in seeds)
            {
                Volatile.Write(ref current, input);
                outcomes.Add(target(input));
            }

            for (int i = 0; i < iterations; i++)
            {
                byte[] input = Mutate(seeds, random);
                Volatile.Write(ref current, input);
                long before = GC.GetAllocatedBytesForCurrentThread();
                int outcome;
                try
                {
                    outcome = target(input);
                }
#pragma warning disable CA1031 // An escaping exception of any type is the finding.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failures.Add($"{ex.GetType().Name}: {ex.Message} for input {Convert.ToHexStringLower(input)}");
                    continue;
                }

                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                if (allocated > allocationBound)
                {
                    // A path's first run may allocate in the runtime (type loading, tier-up); only an
                    // overrun that repeats on replay is the parser's.
                    before = GC.GetAllocatedBytesForCurrentThread();
                    target(input);
                    allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                }

                if (allocated > allocationBound)
                {
                    failures.Add($"allocated {allocated} bytes (bound {allocationBound}) for input {Convert.ToHexStringLower(input)}");
                }

                outcomes.Add(outcome);
            }
        });

        try
        {
            await run.WaitAsync(HangGuard);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Parser still running after {HangGuard}; stuck on input {Convert.ToHexStringLower(Volatile.Read(ref current))}");
        }

        Assert.True(failures.Count == 0, $"{failures.Count} findings, first: {string.Join(Environment.NewLine, failures.Take(3))}");
        return outcomes;
    }

    /// <summary>One to eight stacked mutations of a random seed (1 in 32 inputs is pure garbage).</summary>
    public static byte[] Mutate(IReadOnlyList<byte[]> seeds, Random random)
    {
        if (random.Next(32) == 0)
        {
            byte[] garbage = new byte[random.Next(0, 200)];
            random.NextBytes(garbage);
            return garbage;
        }

        var data = new List<byte>(seeds[random.Next(seeds.Count)]);
        int mutations = random.Next(1, 9);
        for (int m = 0; m < mutations; m++)
        {
            MutateOnce(data, seeds[random.Next(seeds.Count)], random);
        }

        return [.. data];
    }

    private static void MutateOnce(List<byte> data, byte[] other, Random random)
    {
        int at = data.Count == 0 ? 0 : random.Next(data.Count);
        switch (random.Next(8))
        {
            case 0 when data.Count > 0:
                data[at] ^= (byte)(1 << random.Next(8));
                break;
            case 1 when data.Count > 0:
                data[at] = random.Next(4) switch { 0 => 0x00, 1 => 0xFF, 2 => 0x7F, _ => 0x80 };
                break;
            case 2:
                data.InsertRange(at, Enumerable.Range(0, random.Next(1, 9)).Select(_ => (byte)random.Next(256)));
                break;
            case 3 when data.Count > 0:
                data.RemoveRange(at, Math.Min(data.Count - at, random.Next(1, 9)));
                break;
            case 4 when data.Count > 0:
                data.RemoveRange(at, data.Count - at);
                break;
            case 5 when data.Count >= 2:
                // A length field that lies: zero, maximal, or the real remaining length off by a little.
                int position = Math.Min(at, data.Count - 2);
                int remaining = data.Count - position - 2;
                ushort lie = (ushort)(random.Next(4) switch { 0 => 0, 1 => 0xFFFF, 2 => remaining + random.Next(-4, 5), _ => (remaining / 4) + random.Next(-2, 3) });
                Span<byte> bytes = stackalloc byte[2];
                BinaryPrimitives.WriteUInt16BigEndian(bytes, lie);
                data[position] = bytes[0];
                data[position + 1] = bytes[1];
                break;
            case 6 when other.Length > 0:
                int from = random.Next(other.Length);
                data.RemoveRange(at, data.Count - at);
                data.AddRange(other.AsSpan(from).ToArray());
                break;
            default:
                data.Insert(at, (byte)random.Next(256));
                break;
        }
    }
}
