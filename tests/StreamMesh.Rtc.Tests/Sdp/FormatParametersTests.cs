using StreamMesh.Rtc.Sdp;

namespace StreamMesh.Rtc.Tests.Sdp;

public class FormatParametersTests
{
    [Fact]
    public void Parse_KeyValuePairs_KeepsOrderAndIgnoresKeyCase()
    {
        FormatParameters parameters = FormatParameters.Parse("level-asymmetry-allowed=1; packetization-mode=1;Profile-Level-Id=42e01f;");

        Assert.Equal(["level-asymmetry-allowed", "packetization-mode", "Profile-Level-Id"], parameters.Entries.Select(e => e.Key));
        Assert.Equal("42e01f", parameters.GetValueOrDefault("profile-level-id"));
        Assert.Equal(1, parameters.GetInt("PACKETIZATION-MODE"));
        Assert.Equal("level-asymmetry-allowed=1;packetization-mode=1;Profile-Level-Id=42e01f", parameters.ToString());
    }

    [Theory]
    [InlineData("0-16")]
    [InlineData("111/111")]
    public void Parse_ValueWithoutEquals_IsKeptAsKey(string text)
    {
        FormatParameters parameters = FormatParameters.Parse(text);

        Assert.True(parameters.TryGetValue(text, out string? value));
        Assert.Null(value);
        Assert.Equal(text, parameters.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Parse_Blank_IsEmpty(string? text) => Assert.Same(FormatParameters.Empty, FormatParameters.Parse(text));

    [Fact]
    public void WithAndWithout_ReturnCopies()
    {
        FormatParameters original = FormatParameters.Create(("apt", "96"), ("rtx-time", "3000"));

        FormatParameters changed = original.With("APT", "100").With("extra", null).Without("rtx-time");

        Assert.Equal("apt=96;rtx-time=3000", original.ToString());
        Assert.Equal("apt=100;extra", changed.ToString());
        Assert.Null(original.GetInt("missing"));
        Assert.Throws<ArgumentException>(() => original.With("a;b", "1"));
    }

    [Fact]
    public void Equals_ComparesKeysCaseInsensitivelyAndValuesExactly()
    {
        Assert.Equal(FormatParameters.Parse("A=1;b=2"), FormatParameters.Parse("a=1;B=2"));
        Assert.Equal(FormatParameters.Parse("A=1;b=2").GetHashCode(), FormatParameters.Parse("a=1;B=2").GetHashCode());
        Assert.NotEqual(FormatParameters.Parse("a=x"), FormatParameters.Parse("a=X"));
        Assert.NotEqual(FormatParameters.Parse("a=1;b=2"), FormatParameters.Parse("b=2;a=1"));
    }
}
