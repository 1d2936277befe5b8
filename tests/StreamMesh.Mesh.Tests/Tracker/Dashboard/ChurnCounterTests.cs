using Microsoft.Extensions.Time.Testing;
using StreamMesh.Mesh.Tracker.Dashboard;

namespace StreamMesh.Mesh.Tests.Tracker.Dashboard;

public sealed class ChurnCounterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void JoinsPerMinute_EventsSpreadOverAMinute_CountsOnlyTheLastSixtySeconds()
    {
        var churn = new ChurnCounter(_time);
        churn.RecordJoin(3);
        _time.Advance(TimeSpan.FromSeconds(30));
        churn.RecordJoin();
        churn.RecordLeave(2);
        Assert.Equal(4, churn.JoinsPerMinute);
        Assert.Equal(2, churn.LeavesPerMinute);

        _time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(1, churn.JoinsPerMinute);
        Assert.Equal(2, churn.LeavesPerMinute);

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, churn.JoinsPerMinute);
        Assert.Equal(0, churn.LeavesPerMinute);
    }

    [Fact]
    public void RecordJoin_SameSlotAMinuteLater_OldCountIsReplacedNotAdded()
    {
        var churn = new ChurnCounter(_time);
        churn.RecordJoin(5);
        _time.Advance(TimeSpan.FromSeconds(60));

        churn.RecordJoin();

        Assert.Equal(1, churn.JoinsPerMinute);
    }

    [Fact]
    public void RecordLeave_ZeroOrNegative_Ignored()
    {
        var churn = new ChurnCounter(_time);
        churn.RecordLeave(0);
        churn.RecordLeave(-3);

        Assert.Equal(0, churn.LeavesPerMinute);
    }
}
