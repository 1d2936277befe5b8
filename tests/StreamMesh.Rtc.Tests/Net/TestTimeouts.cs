namespace StreamMesh.Rtc.Tests.Net;

/// <summary>
/// Upper bounds for waiting on real sockets. Generous on purpose: the machine is shared and busy, and
/// a healthy run finishes far sooner; these only turn a hang into a failure.
/// </summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Network = TimeSpan.FromSeconds(20);
}
