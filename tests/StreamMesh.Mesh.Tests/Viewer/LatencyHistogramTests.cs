using StreamMesh.Mesh.Viewer;

namespace StreamMesh.Mesh.Tests.Viewer;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Percentile_HundredSamples_NearestRank()
    {
        var histogram = new LatencyHistogram();
        for (var ms = 1; ms <= 100; ms++)
        {
            histogram.Add(TimeSpan.FromMilliseconds(ms));
        }

        Assert.Equal(50, histogram.Percentile(50));
        Assert.Equal(95, histogram.Percentile(95));
        Assert.Equal(100, histogram.Percentile(100));
        Assert.Equal(1, histogram.Percentile(0));
    }

    [Fact]
    public void Percentile_NoSamples_IsNull()
    {
        Assert.Null(new LatencyHistogram().Percentile(50));
    }

    [Fact]
    public void Add_NegativeOrHugeSamples_NegativeCountedApartHugeClamped()
    {
        var histogram = new LatencyHistogram();
        histogram.Add(TimeSpan.FromMilliseconds(-5));
        histogram.Add(TimeSpan.FromMinutes(5));

        Assert.Equal(1, histogram.Count);
        Assert.Equal(1, histogram.NegativeSamples);
        Assert.Equal(LatencyHistogram.MaxMilliseconds, histogram.Percentile(50));
        Assert.Equal(TimeSpan.FromMinutes(5), histogram.Last);
    }
}
