using StreamMesh.Mesh.Origin;

namespace StreamMesh.Mesh.Tests.Origin;

public sealed class OriginOptionsTests
{
    [Fact]
    public void Validate_WhipSource_AcceptedWithoutSourceUriChecks()
    {
        var options = new OriginOptions { Source = "whip", Stream = "cam", PublishToken = "abc" };

        options.Validate();

        Assert.True(options.IsWhip);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("tab\there")]
    public void Validate_PublishTokenWithWhitespace_ThrowsNamingTheSetting(string token)
    {
        var options = new OriginOptions { Source = "whip", PublishToken = token };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("Origin:PublishToken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PulledSource_IsNotWhip()
    {
        var options = new OriginOptions { Source = "testsrc" };

        options.Validate();

        Assert.False(options.IsWhip);
    }
}
