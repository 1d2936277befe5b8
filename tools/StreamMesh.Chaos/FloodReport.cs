namespace StreamMesh.Chaos;

/// <summary>
/// Forwarding rate of one relay (datagrams it sent per second, from its /metrics) before, during and
/// after a flood of garbage at its UDP port, and what it did with the garbage.
/// </summary>
public sealed record FloodReport(
    string Relay,
    int Children,
    double WindowSeconds,
    double BeforePerSecond,
    double DuringPerSecond,
    double AfterPerSecond,
    long GarbageSent,
    double GarbageRatePerSecond,
    long DroppedCounted,
    long ReceivedCounted)
{
    /// <summary>Drop of the forwarding rate during the flood against the mean of the windows around it, in percent.</summary>
    public double ThroughputDropPercent
    {
        get
        {
            double baseline = (BeforePerSecond + AfterPerSecond) / 2;
            return baseline <= 0 ? 0 : Math.Max(0, (baseline - DuringPerSecond) / baseline * 100);
        }
    }
}
