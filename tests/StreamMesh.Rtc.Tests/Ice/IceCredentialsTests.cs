using StreamMesh.Rtc.Ice;

namespace StreamMesh.Rtc.Tests.Ice;

public class IceCredentialsTests
{
    [Fact]
    public void Generate_UfragAndPassword_MeetRfc8445LengthAndAlphabet()
    {
        string ufrag = IceCredentials.GenerateUsernameFragment();
        string password = IceCredentials.GeneratePassword();

        Assert.True(ufrag.Length >= 4);
        Assert.True(password.Length >= 22);
        Assert.True(IceCredentials.IsValidUsernameFragment(ufrag));
        Assert.True(IceCredentials.IsValidPassword(password));
    }

    [Fact]
    public void Generate_ManyTimes_AllDistinct()
    {
        var ufrags = Enumerable.Range(0, 1000).Select(_ => IceCredentials.GenerateUsernameFragment()).ToHashSet();
        var tieBreakers = Enumerable.Range(0, 1000).Select(_ => IceCredentials.GenerateTieBreaker()).ToHashSet();

        Assert.Equal(1000, ufrags.Count);
        Assert.Equal(1000, tieBreakers.Count);
    }

    [Theory]
    [InlineData("abc", false)]            // too short
    [InlineData("ab:d", false)]           // ':' separates USERNAME parts, not an ice-char
    [InlineData("ab d", false)]
    [InlineData("a+/Z", true)]
    public void IsValidUsernameFragment_Cases(string ufrag, bool valid)
    {
        Assert.Equal(valid, IceCredentials.IsValidUsernameFragment(ufrag));
    }

    [Theory]
    [InlineData("shortPassword", false)]
    [InlineData("exactlyTwentyTwoChars1", true)]
    [InlineData("exactlyTwentyTwoChars!", false)]
    public void IsValidPassword_Cases(string password, bool valid)
    {
        Assert.Equal(valid, IceCredentials.IsValidPassword(password));
    }
}
