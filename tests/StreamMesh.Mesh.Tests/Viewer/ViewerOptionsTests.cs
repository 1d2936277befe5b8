using StreamMesh.Mesh.Viewer;

namespace StreamMesh.Mesh.Tests.Viewer;

public sealed class ViewerOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass()
    {
        new ViewerOptions().Validate();
    }

    [Theory]
    [InlineData(0, null, 0.0)]
    [InlineData(-1, null, 0.0)]
    [InlineData(10, " ", 0.0)]
    [InlineData(10, null, 1.0)]
    [InlineData(10, null, -0.1)]
    public void Validate_BadValue_ThrowsArgumentException(int durationSeconds, string? record, double loss)
    {
        var options = new ViewerOptions { Duration = TimeSpan.FromSeconds(durationSeconds), RecordPath = record, InjectedAudioLoss = loss };

        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/whep/demo", true)]
    [InlineData("https://relay.example/whep/demo", true)]
    [InlineData("ftp://relay.example/whep/demo", false)]
    [InlineData("127.0.0.1:8080/whep/demo", false)]
    [InlineData("not a url", false)]
    [InlineData("", false)]
    public void WhepUrlParentResolver_TryParse_OnlyAbsoluteHttp(string text, bool valid)
    {
        Assert.Equal(valid, WhepUrlParentResolver.TryParse(text, out _));
    }

    [Fact]
    public void WhepUrlParentResolver_BadUrl_ThrowsBadUrlFailure()
    {
        var ex = Assert.Throws<ViewerException>(() => new WhepUrlParentResolver("localhost:8080"));

        Assert.Equal(ViewerFailure.BadUrl, ex.Failure);
        Assert.Equal(2, ex.ExitCode);
    }
}
