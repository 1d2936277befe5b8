using Microsoft.Extensions.Time.Testing;
using StreamMesh.Rtc.Dtls;
using StreamMesh.Rtc.Srtp;

namespace StreamMesh.Rtc.Tests.Dtls;

public sealed class DtlsTransportFailureTests
{
    private const byte HandshakeFailureAlert = 40; // RFC 5246 §7.2.2 handshake_failure
    private const byte BadCertificateAlert = 42;   // RFC 5246 §7.2.2 bad_certificate

    [Theory]
    [InlineData(DtlsRole.Client)]
    [InlineData(DtlsRole.Server)]
    public async Task HandshakeAsync_PeerCertificateDoesNotMatchFingerprint_FailsOnBothSidesWithoutKeys(DtlsRole roleOfA)
    {
        // A expects somebody else's certificate; B's expectation is correct.
        using var peers = DtlsTestPeers.Create(roleOfA, o => o with { RemoteFingerprint = DtlsTestPeers.Stranger.Fingerprint });

        Task<DtlsSrtpKeys> a = peers.A.HandshakeAsync();
        Task<DtlsSrtpKeys> b = peers.B.HandshakeAsync();

        var aFailure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => a.WaitAsync(DtlsTestPeers.Guard));
        var bFailure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => b.WaitAsync(DtlsTestPeers.Guard));
        Assert.Equal(DtlsHandshakeFailureReason.FingerprintMismatch, aFailure.Reason);
        Assert.Equal(DtlsHandshakeFailureReason.AlertReceived, bFailure.Reason);
        Assert.Equal(BadCertificateAlert, bFailure.AlertDescription);
        Assert.Equal(DtlsTransportState.Failed, peers.A.State);
        Assert.Equal(DtlsTransportState.Failed, peers.B.State);
    }

    [Fact]
    public async Task HandshakeAsync_RemoteFingerprintUsesSha512_MatchesAndCompletes()
    {
        var sha512OfB = DtlsFingerprint.Compute(DtlsFingerprintAlgorithm.Sha512, DtlsTestPeers.CertificateB.DerEncoded);
        using var peers = DtlsTestPeers.Create(DtlsRole.Server, o => o with { RemoteFingerprint = sha512OfB });

        var (a, b) = await peers.HandshakeAsync();

        Assert.Equal(a.LocalMasterKey, b.RemoteMasterKey);
    }

    [Fact]
    public async Task HandshakeAsync_NoCommonSrtpProfile_FailsOnBothSides()
    {
        using var peers = DtlsTestPeers.Create(
            DtlsRole.Client,
            o => o with { SrtpProfiles = [SrtpProfile.Aes128CmHmacSha1_80] },
            o => o with { SrtpProfiles = [SrtpProfile.AeadAes128Gcm] });

        Task<DtlsSrtpKeys> client = peers.A.HandshakeAsync();
        Task<DtlsSrtpKeys> server = peers.B.HandshakeAsync();

        var serverFailure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(DtlsTestPeers.Guard));
        var clientFailure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.WaitAsync(DtlsTestPeers.Guard));
        Assert.Equal(DtlsHandshakeFailureReason.NoCommonSrtpProfile, serverFailure.Reason);
        Assert.Equal(DtlsHandshakeFailureReason.AlertReceived, clientFailure.Reason);
        Assert.Equal(HandshakeFailureAlert, clientFailure.AlertDescription);
    }

    [Theory]
    [InlineData(DtlsRole.Client)]
    [InlineData(DtlsRole.Server)]
    public async Task HandshakeAsync_SilentPeer_FailsWithTimeoutWhenTheClockPassesHandshakeTimeout(DtlsRole role)
    {
        var clock = new FakeTimeProvider();
        var sink = new DatagramPipe();
        var options = DtlsTestPeers.Options(role, DtlsTestPeers.CertificateA, DtlsTestPeers.CertificateB.Fingerprint)
            with { HandshakeTimeout = TimeSpan.FromSeconds(5) };
        using var transport = new DtlsTransport(options, sink.Send, clock);

        Task<DtlsSrtpKeys> handshake = transport.HandshakeAsync();
        if (role == DtlsRole.Client)
        {
            // Let the client get as far as blocking for the ServerHello.
            await sink.FirstDelivered.WaitAsync(DtlsTestPeers.Guard);
        }

        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(handshake.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => handshake.WaitAsync(DtlsTestPeers.Guard));
        Assert.Equal(DtlsHandshakeFailureReason.Timeout, failure.Reason);
        Assert.Equal(DtlsTransportState.Failed, transport.State);
    }

    [Fact]
    public async Task HandshakeAsync_SilentPeerOnRealClock_FailsWithTimeout()
    {
        var options = DtlsTestPeers.Options(DtlsRole.Client, DtlsTestPeers.CertificateA, DtlsTestPeers.CertificateB.Fingerprint)
            with { HandshakeTimeout = TimeSpan.FromMilliseconds(300) };
        using var transport = new DtlsTransport(options, static _ => { }, TimeProvider.System);

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(
            () => transport.HandshakeAsync().WaitAsync(DtlsTestPeers.Guard));

        Assert.Equal(DtlsHandshakeFailureReason.Timeout, failure.Reason);
    }

    [Fact]
    public async Task Close_DuringHandshake_UnblocksItWithClosedReason()
    {
        var sink = new DatagramPipe();
        var options = DtlsTestPeers.Options(DtlsRole.Client, DtlsTestPeers.CertificateA, DtlsTestPeers.CertificateB.Fingerprint);
        using var transport = new DtlsTransport(options, sink.Send, new FakeTimeProvider());
        var states = new List<DtlsTransportState>();
        transport.StateChanged += (_, e) =>
        {
            lock (states)
            {
                states.Add(e.State);
            }
        };

        Task<DtlsSrtpKeys> handshake = transport.HandshakeAsync();
        await sink.FirstDelivered.WaitAsync(DtlsTestPeers.Guard);
        int sentBeforeClose = sink.Sent;
        transport.Close();

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => handshake.WaitAsync(DtlsTestPeers.Guard));
        Assert.Equal(DtlsHandshakeFailureReason.Closed, failure.Reason);
        Assert.Equal(DtlsTransportState.Closed, transport.State);
        Assert.Equal([DtlsTransportState.Connecting, DtlsTransportState.Closed], states);
        Assert.Equal(sentBeforeClose, sink.Sent);
    }

    [Fact]
    public async Task HandshakeAsync_CallerCancels_ThrowsOperationCanceled()
    {
        var sink = new DatagramPipe();
        var options = DtlsTestPeers.Options(DtlsRole.Client, DtlsTestPeers.CertificateA, DtlsTestPeers.CertificateB.Fingerprint);
        using var transport = new DtlsTransport(options, sink.Send, new FakeTimeProvider());
        using var cancellation = new CancellationTokenSource();

        Task<DtlsSrtpKeys> handshake = transport.HandshakeAsync(cancellation.Token);
        await sink.FirstDelivered.WaitAsync(DtlsTestPeers.Guard);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handshake.WaitAsync(DtlsTestPeers.Guard));
        Assert.Equal(DtlsTransportState.Closed, transport.State);
    }

    [Fact]
    public async Task HandshakeAsync_CalledTwice_Throws()
    {
        using var transport = new DtlsTransport(
            DtlsTestPeers.Options(DtlsRole.Server, DtlsTestPeers.CertificateA, DtlsTestPeers.CertificateB.Fingerprint),
            static _ => { },
            new FakeTimeProvider());

        Task<DtlsSrtpKeys> first = transport.HandshakeAsync();

        Assert.Throws<InvalidOperationException>(() => { _ = transport.HandshakeAsync(); });
        transport.Close();
        await Assert.ThrowsAsync<DtlsHandshakeException>(() => first.WaitAsync(DtlsTestPeers.Guard));
    }

    [Fact]
    public async Task HandshakeAsync_AfterClose_FailsWithClosed()
    {
        using var transport = new DtlsTransport(
            DtlsTestPeers.Options(DtlsRole.Client, DtlsTestPeers.CertificateA, DtlsTestPeers.CertificateB.Fingerprint),
            static _ => { });
        transport.Close();

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => transport.HandshakeAsync());

        Assert.Equal(DtlsHandshakeFailureReason.Closed, failure.Reason);
    }
}
