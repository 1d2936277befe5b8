using StreamMesh.Topology.Coordinates;

namespace StreamMesh.Topology.Tests.Coordinates;

public class VivaldiAlgorithmTests
{
    private static readonly VivaldiOptions Options = VivaldiOptions.Default;

    [Fact]
    public void DistanceTo_HeightVectors_AddsBothHeights()
    {
        var a = new VivaldiCoordinate(0, 0, 2);
        var b = new VivaldiCoordinate(3, 4, 5);

        // ||[x, xh] − [y, yh]|| = ||x − y|| + xh + yh (Vivaldi §5.4): 5 + 2 + 5.
        Assert.Equal(12, a.DistanceTo(b), 9);
    }

    [Fact]
    public void Update_TooClose_MovesAwayAlongTheLine()
    {
        var local = new CoordinateEstimate(new VivaldiCoordinate(10, 0, 0.1), 1.0);
        var remote = new CoordinateEstimate(new VivaldiCoordinate(0, 0, 0.1), 0.1);

        CoordinateEstimate moved = VivaldiAlgorithm.Update(local, remote, 50, Options, 1);

        Assert.True(moved.Coordinate.X > 10, $"x should grow, was {moved.Coordinate.X}");
        Assert.Equal(0, moved.Coordinate.Y, 9);
        Assert.True(moved.Coordinate.DistanceTo(remote.Coordinate) > local.Coordinate.DistanceTo(remote.Coordinate));
    }

    [Fact]
    public void Update_TooFar_MovesCloser()
    {
        var local = new CoordinateEstimate(new VivaldiCoordinate(100, 0, 0.1), 1.0);
        var remote = new CoordinateEstimate(new VivaldiCoordinate(0, 0, 0.1), 0.1);

        CoordinateEstimate moved = VivaldiAlgorithm.Update(local, remote, 20, Options, 1);

        Assert.True(moved.Coordinate.X < 100);
        Assert.True(moved.Coordinate.Height >= Options.MinHeight);
    }

    [Fact]
    public void Update_ConfidentRemote_WeighsMoreThanUnsureRemote()
    {
        var local = new CoordinateEstimate(new VivaldiCoordinate(100, 0, 0.1), 0.5);
        var confident = new CoordinateEstimate(VivaldiCoordinate.Zero, 0.05);
        var unsure = new CoordinateEstimate(VivaldiCoordinate.Zero, 1.0);

        double stepConfident = 100 - VivaldiAlgorithm.Update(local, confident, 20, Options, 1).Coordinate.X;
        double stepUnsure = 100 - VivaldiAlgorithm.Update(local, unsure, 20, Options, 1).Coordinate.X;

        Assert.True(stepConfident > stepUnsure * 1.5, $"{stepConfident} vs {stepUnsure}");
    }

    [Fact]
    public void Update_CoincidentNodes_Separate()
    {
        var local = new CoordinateEstimate(new VivaldiCoordinate(5, 5, 0.1), 1.0);
        var remote = new CoordinateEstimate(new VivaldiCoordinate(5, 5, 0.1), 0.1);

        CoordinateEstimate moved = VivaldiAlgorithm.Update(local, remote, 30, Options, 42);

        Assert.True(moved.Coordinate.PlanarDistanceTo(remote.Coordinate) > 1);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-1)]
    [InlineData(1e9)]
    public void Update_UnusableSample_LeavesEstimateUnchanged(double rtt)
    {
        var local = new CoordinateEstimate(new VivaldiCoordinate(1, 2, 3), 0.4);

        CoordinateEstimate result = VivaldiAlgorithm.Update(local, CoordinateEstimate.Unknown, rtt, Options, 1);

        Assert.Equal(local, result);
    }

    [Fact]
    public void Update_ManyRandomSamples_ConvergesToLowMedianErrorOnEmbeddableSpace()
    {
        // Ground truth: 60 nodes on a plane with access heights; RTT is exactly embeddable.
        var random = new Random(7);
        int n = 60;
        var truth = new VivaldiCoordinate[n];
        for (int i = 0; i < n; i++)
        {
            truth[i] = new VivaldiCoordinate(random.NextDouble() * 200, random.NextDouble() * 100, 1 + (random.NextDouble() * 10));
        }

        var estimates = new CoordinateEstimate[n];
        Array.Fill(estimates, CoordinateEstimate.Unknown);
        for (int round = 0; round < 40_000; round++)
        {
            int i = random.Next(n);
            int j = random.Next(n);
            if (i != j)
            {
                estimates[i] = VivaldiAlgorithm.Update(estimates[i], estimates[j], truth[i].DistanceTo(truth[j]), Options, (ulong)round);
            }
        }

        var errors = new List<double>();
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                double actual = truth[i].DistanceTo(truth[j]);
                errors.Add(Math.Abs(estimates[i].Coordinate.DistanceTo(estimates[j].Coordinate) - actual) / actual);
            }
        }

        errors.Sort();
        Assert.True(errors[errors.Count / 2] < 0.1, $"median relative error {errors[errors.Count / 2]:F3}");
    }

    [Fact]
    public void Fit_FourLandmarks_PlacesNodeNearItsTruePosition()
    {
        CoordinateEstimate[] landmarks =
        [
            new(new VivaldiCoordinate(0, 0, 1), 0.05),
            new(new VivaldiCoordinate(100, 0, 1), 0.05),
            new(new VivaldiCoordinate(0, 100, 1), 0.05),
            new(new VivaldiCoordinate(100, 100, 1), 0.05),
        ];
        var truth = new VivaldiCoordinate(30, 60, 2);
        double[] rtts = [.. landmarks.Select(l => truth.DistanceTo(l.Coordinate))];

        CoordinateEstimate fitted = VivaldiAlgorithm.Fit(landmarks, rtts, Options, 3);

        for (int i = 0; i < landmarks.Length; i++)
        {
            double predicted = fitted.Coordinate.DistanceTo(landmarks[i].Coordinate);
            Assert.InRange(predicted, rtts[i] * 0.85, rtts[i] * 1.15);
        }
    }

    [Fact]
    public void Fit_NoUsableSample_ReturnsMaximumError()
    {
        CoordinateEstimate fitted = VivaldiAlgorithm.Fit([CoordinateEstimate.Unknown], [double.NaN], Options, 1);

        Assert.Equal(Options.MaxError, fitted.Error);
    }

    [Fact]
    public void Validate_BadMovementConstant_Throws()
    {
        var options = VivaldiOptions.Default with { MovementConstant = 0 };

        ArgumentException ex = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("MovementConstant", ex.Message, StringComparison.Ordinal);
    }
}
