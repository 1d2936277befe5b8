using System.Net;
using StreamMesh.Rtc.Ice;

namespace StreamMesh.Rtc.Tests.Ice;

public class IceAgentOptionsTests
{
    public static TheoryData<IceAgentOptions, string> InvalidOptions => new()
    {
        { new IceAgentOptions { LocalUsernameFragment = "abc" }, nameof(IceAgentOptions.LocalUsernameFragment) },
        { new IceAgentOptions { LocalPassword = "tooShort" }, nameof(IceAgentOptions.LocalPassword) },
        { new IceAgentOptions { PacingInterval = TimeSpan.Zero }, nameof(IceAgentOptions.PacingInterval) },
        { new IceAgentOptions { MaxRetransmissions = -1 }, nameof(IceAgentOptions.MaxRetransmissions) },
        { new IceAgentOptions { ConsentTimeout = TimeSpan.FromSeconds(5) }, nameof(IceAgentOptions.ConsentTimeout) },
        { new IceAgentOptions { DisconnectedTimeout = TimeSpan.FromSeconds(30) }, nameof(IceAgentOptions.DisconnectedTimeout) },
        { new IceAgentOptions { StunServer = new IPEndPoint(IPAddress.Loopback, 0) }, nameof(IceAgentOptions.StunServer) },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Validate_InvalidSetting_ThrowsArgumentExceptionNamingIt(IceAgentOptions options, string parameter)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void Validate_Defaults_Pass()
    {
        new IceAgentOptions().Validate();
    }
}
