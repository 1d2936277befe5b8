namespace StreamMesh.Fuzz.Engine;

/// <summary>
/// Watches the fuzzing thread from a timer: if one input runs past the budget the input cannot be
/// aborted (.NET has no thread abort), so the watchdog snapshots the exact bytes and reports a hang
/// through the callback, which ends the run. Arming and disarming cost two volatile writes.
/// </summary>
public sealed class FuzzWatchdog : IDisposable
{
    private readonly TimeSpan _budget;
    private readonly TimeProvider _timeProvider;
    private readonly Action<FuzzFinding> _onHang;
    private readonly ITimer _timer;
    private string _target = "";
    private byte[] _buffer = [];
    private long _armedAt;
    private int _length;
    private int _fired;

    public FuzzWatchdog(TimeSpan budget, Action<FuzzFinding> onHang, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(onHang);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(budget, TimeSpan.Zero);
        _budget = budget;
        _onHang = onHang;
        _timeProvider = timeProvider ?? TimeProvider.System;
        TimeSpan period = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 10, budget.Ticks / 4));
        _timer = _timeProvider.CreateTimer(_ => Check(), null, period, period);
    }

    /// <summary>The per-input time budget.</summary>
    public TimeSpan Budget => _budget;

    /// <summary>Names the target and the buffer its inputs are built in (once per target).</summary>
    public void Attach(string target, byte[] buffer)
    {
        Volatile.Write(ref _target, target);
        Volatile.Write(ref _buffer, buffer);
    }

    /// <summary>Marks the start of one input of <paramref name="length"/> bytes.</summary>
    public void Arm(int length)
    {
        Volatile.Write(ref _length, length);
        Volatile.Write(ref _armedAt, _timeProvider.GetTimestamp());
    }

    /// <summary>Marks the end of the input.</summary>
    public void Disarm() => Volatile.Write(ref _armedAt, 0);

    public void Dispose() => _timer.Dispose();

    private void Check()
    {
        long armedAt = Volatile.Read(ref _armedAt);
        if (armedAt == 0 || _timeProvider.GetElapsedTime(armedAt) <= _budget || Interlocked.Exchange(ref _fired, 1) != 0)
        {
            return;
        }

        // The fuzzing thread is stuck inside this input, so the buffer is not changing under us.
        byte[] input = Volatile.Read(ref _buffer).AsSpan(0, Volatile.Read(ref _length)).ToArray();
        _onHang(new FuzzFinding(Volatile.Read(ref _target), FuzzFindingKind.Hang, input, $"still running after {_budget.TotalMilliseconds:F0} ms"));
    }
}
