using StreamMesh.Mesh.Security;
using StreamMesh.Rtc.Peer;

namespace StreamMesh.Mesh.Tests.Security;

public class SessionTimeoutTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Scan_NeverConnectsWithinHandshakeTimeout_ReapedForHandshake()
    {
        var tracker = new SessionTimeoutTracker(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));

        Assert.Empty(tracker.Scan(T0, [("a", PeerConnectionState.New)]));
        Assert.Empty(tracker.Scan(T0.AddSeconds(9), [("a", PeerConnectionState.Connecting)]));
        var reaped = tracker.Scan(T0.AddSeconds(10), [("a", PeerConnectionState.Connecting)]);

        Assert.Equal([("a", SessionTimeout.Handshake)], reaped);
    }

    [Fact]
    public void Scan_ConnectedSession_NeverReapedWhileConnected()
    {
        var tracker = new SessionTimeoutTracker(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));
        tracker.Scan(T0, [("a", PeerConnectionState.Connecting)]);
        tracker.Scan(T0.AddSeconds(2), [("a", PeerConnectionState.Connected)]);

        Assert.Empty(tracker.Scan(T0.AddHours(5), [("a", PeerConnectionState.Connected)]));
    }

    [Fact]
    public void Scan_DisconnectedLongerThanIdle_ReapedIdleButRecoveryResetsTheClock()
    {
        var tracker = new SessionTimeoutTracker(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));
        tracker.Scan(T0, [("a", PeerConnectionState.Connected)]);
        tracker.Scan(T0.AddSeconds(1), [("a", PeerConnectionState.Disconnected)]);
        Assert.Empty(tracker.Scan(T0.AddSeconds(15), [("a", PeerConnectionState.Disconnected)]));
        tracker.Scan(T0.AddSeconds(16), [("a", PeerConnectionState.Connected)]);
        tracker.Scan(T0.AddSeconds(17), [("a", PeerConnectionState.Disconnected)]);
        Assert.Empty(tracker.Scan(T0.AddSeconds(36), [("a", PeerConnectionState.Disconnected)]));

        Assert.Equal([("a", SessionTimeout.Idle)], tracker.Scan(T0.AddSeconds(37), [("a", PeerConnectionState.Disconnected)]));
    }

    [Fact]
    public void Scan_SessionsGone_ForgottenSoTableStaysBounded()
    {
        var tracker = new SessionTimeoutTracker(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));
        tracker.Scan(T0, Enumerable.Range(0, 100).Select(i => ($"s{i}", PeerConnectionState.Connecting)));
        Assert.Equal(100, tracker.Count);

        tracker.Scan(T0.AddSeconds(1), [("s1", PeerConnectionState.Connected)]);

        Assert.Equal(1, tracker.Count);
    }
}
