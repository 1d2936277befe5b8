namespace StreamMesh.Simulator.Engine;

/// <summary>Tally of audited joins: was the chosen parent the true nearest eligible one?</summary>
public sealed class NearestAudit
{
    /// <summary>Joins audited.</summary>
    public int Samples { get; private set; }

    /// <summary>Chosen parent was exactly the true nearest with capacity.</summary>
    public int Exact { get; private set; }

    /// <summary>Chosen parent's RTT within 10 % (or 2 ms) of the true nearest's.</summary>
    public int Within10Percent { get; private set; }

    /// <summary>Sum of chosen RTT ÷ nearest RTT.</summary>
    public double RatioSum { get; private set; }

    /// <summary>Records one audited join.</summary>
    public void Add(bool exact, double chosenRtt, double nearestRtt)
    {
        Samples++;
        Exact += exact ? 1 : 0;
        Within10Percent += chosenRtt <= Math.Max(nearestRtt * 1.1, nearestRtt + 2) ? 1 : 0;
        RatioSum += nearestRtt > 0 ? chosenRtt / nearestRtt : 1;
    }
}
