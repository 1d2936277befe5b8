namespace StreamMesh.Simulator.Engine;

/// <summary>
/// Discrete-event loop: actions ordered by time (ties in scheduling order), interleaved with the tracker's periodic
/// maintenance tick and the peers' heartbeat rounds.
/// </summary>
public sealed class SimulationLoop
{
    private readonly PriorityQueue<Action, (double Time, long Sequence)> _queue = new();
    private readonly TreeSession _session;
    private long _sequence;
    private double _nextTick;
    private double _nextHeartbeat;

    /// <summary>Creates a loop whose periodic work starts after the current clock time.</summary>
    public SimulationLoop(TreeSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
        _nextTick = session.Clock.NowMs + session.Settings.TickMs;
        _nextHeartbeat = session.Clock.NowMs + session.Settings.HeartbeatMs;
    }

    /// <summary>Current simulated time, ms.</summary>
    public double Now => _session.Clock.NowMs;

    /// <summary>Pending actions.</summary>
    public int Pending => _queue.Count;

    /// <summary>Runs <paramref name="action"/> at <paramref name="timeMs"/> (never earlier than now).</summary>
    public void At(double timeMs, Action action) => _queue.Enqueue(action, (Math.Max(timeMs, Now), _sequence++));

    /// <summary>Processes everything due up to <paramref name="untilMs"/>, then sets the clock to it.</summary>
    public void RunUntil(double untilMs)
    {
        while (true)
        {
            double nextEvent = _queue.TryPeek(out _, out (double Time, long Sequence) key) ? key.Time : double.PositiveInfinity;
            double nextPeriodic = Math.Min(_nextTick, _nextHeartbeat);
            double next = Math.Min(nextEvent, nextPeriodic);
            if (next > untilMs)
            {
                break;
            }

            _session.Clock.NowMs = next;
            if (nextEvent <= nextPeriodic)
            {
                _queue.Dequeue()();
            }
            else if (_nextHeartbeat <= _nextTick)
            {
                _session.HeartbeatAll();
                _nextHeartbeat += _session.Settings.HeartbeatMs;
            }
            else
            {
                _session.Tick();
                _nextTick += _session.Settings.TickMs;
            }
        }

        _session.Clock.NowMs = Math.Max(_session.Clock.NowMs, untilMs);
    }

    /// <summary>Runs until no action is pending or <paramref name="horizonMs"/> is reached.</summary>
    public void RunUntilIdle(double horizonMs)
    {
        while (_queue.TryPeek(out _, out (double Time, long Sequence) key) && key.Time <= horizonMs)
        {
            RunUntil(key.Time);
        }
    }
}
