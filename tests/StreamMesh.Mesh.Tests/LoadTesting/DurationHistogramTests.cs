using StreamMesh.Mesh.LoadTesting;

namespace StreamMesh.Mesh.Tests.LoadTesting;

public sealed class DurationHistogramTests
{
    [Fact]
    public void GetPercentile_UniformOneToTenThousandMicroseconds_WithinBucketResolution()
    {
        var histogram = new DurationHistogram();
        for (int v = 1; v <= 10_000; v++)
        {
            histogram.Record(v);
        }

        Assert.Equal(10_000, histogram.Count);
        Assert.InRange(histogram.GetPercentile(50).TotalMicroseconds, 5000 * 0.96, 5000 * 1.04);
        Assert.InRange(histogram.GetPercentile(95).TotalMicroseconds, 9500 * 0.96, 9500 * 1.04);
        Assert.InRange(histogram.GetPercentile(99).TotalMicroseconds, 9900 * 0.96, 10_000);
        Assert.Equal(TimeSpan.FromMilliseconds(10), histogram.Max);
        Assert.InRange(histogram.Mean.TotalMicroseconds, 5000, 5001);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(63L)]
    [InlineData(64L)]
    [InlineData(1_000L)]
    [InlineData(35_123L)]
    [InlineData(987_654L)]
    [InlineData(60_000_000L)]
    public void GetPercentile_SingleValue_WithinThreePercentAndNeverAboveIt(long microseconds)
    {
        var histogram = new DurationHistogram();
        histogram.Record(microseconds);

        double p50 = histogram.GetPercentile(50).TotalMicroseconds;
        Assert.InRange(p50, microseconds * 0.97, microseconds);
        Assert.Equal(microseconds, (long)histogram.Max.TotalMicroseconds);
    }

    [Fact]
    public void Record_NegativeValue_CountsAsZero()
    {
        var histogram = new DurationHistogram();
        histogram.Record(-5_000);

        Assert.Equal(1, histogram.Count);
        Assert.Equal(TimeSpan.Zero, histogram.GetPercentile(100));
    }

    [Fact]
    public void Record_HugeValue_SaturatesInsteadOfThrowing()
    {
        var histogram = new DurationHistogram();
        histogram.Record(long.MaxValue / 2);

        Assert.Equal(1, histogram.Count);
        Assert.True(histogram.GetPercentile(50) > TimeSpan.FromHours(1));
    }

    [Fact]
    public void Add_TwoHistograms_MergesCountsPercentilesAndMax()
    {
        var low = new DurationHistogram();
        var high = new DurationHistogram();
        for (int i = 0; i < 90; i++)
        {
            low.Record(TimeSpan.FromMilliseconds(1));
        }

        for (int i = 0; i < 10; i++)
        {
            high.Record(TimeSpan.FromMilliseconds(400));
        }

        var merged = new DurationHistogram();
        merged.Add(low);
        merged.Add(high);

        Assert.Equal(100, merged.Count);
        Assert.InRange(merged.GetPercentile(50).TotalMilliseconds, 0.97, 1.0);
        Assert.InRange(merged.GetPercentile(95).TotalMilliseconds, 400 * 0.97, 400);
        Assert.Equal(TimeSpan.FromMilliseconds(400), merged.Max);
    }

    [Fact]
    public void Clear_AfterValues_ForgetsEverything()
    {
        var histogram = new DurationHistogram();
        histogram.Record(TimeSpan.FromSeconds(1));
        histogram.Clear();

        Assert.Equal(0, histogram.Count);
        Assert.Equal(TimeSpan.Zero, histogram.Max);
        Assert.Equal(DistributionSummary.Empty, histogram.Summarize());
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(100.5)]
    [InlineData(double.NaN)]
    public void GetPercentile_OutOfRange_Throws(double percentile) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DurationHistogram().GetPercentile(percentile));

    [Fact]
    public void Summarize_Values_ReportsMilliseconds()
    {
        var histogram = new DurationHistogram();
        histogram.Record(TimeSpan.FromMilliseconds(20));

        var summary = histogram.Summarize();

        Assert.Equal(1, summary.Count);
        Assert.InRange(summary.P50Ms, 19.4, 20);
        Assert.Equal(20, summary.MaxMs);
    }
}
