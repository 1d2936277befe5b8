using StreamMesh.Mesh.LoadTesting;

namespace StreamMesh.Mesh.Tests.LoadTesting;

public sealed class ViewerLoadOptionsTests
{
    [Fact]
    public void Validate_Defaults_Passes() => new ViewerLoadOptions().Validate();

    [Fact]
    public void Validate_ZeroViewers_Throws() =>
        Assert.Throws<ArgumentException>(() => new ViewerLoadOptions { Viewers = 0 }.Validate());

    [Theory]
    [InlineData(0.0)]
    [InlineData(-3.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Validate_BadRamp_Throws(double ramp) =>
        Assert.Throws<ArgumentException>(() => new ViewerLoadOptions { RampPerSecond = ramp }.Validate());

    [Fact]
    public void Validate_NegativeDuration_Throws() =>
        Assert.Throws<ArgumentException>(() => new ViewerLoadOptions { Duration = TimeSpan.FromSeconds(-1) }.Validate());

    [Fact]
    public void Validate_BadViewerOptions_Throws() =>
        Assert.Throws<ArgumentException>(() => new ViewerLoadOptions { Viewer = new HeadlessViewerOptions { ConnectTimeout = TimeSpan.Zero } }.Validate());

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void Validate_BadReceivePollerThreads_Throws(int threads) =>
        Assert.Throws<ArgumentException>(() => new ViewerLoadOptions { ReceivePollerThreads = threads }.Validate());

    [Fact]
    public void FixedWhepTargetSource_RelativeUrl_Throws() =>
        Assert.Throws<ArgumentException>(() => new FixedWhepTargetSource(new Uri("/whep/demo", UriKind.Relative)));
}
