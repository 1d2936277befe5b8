using StreamMesh.Rtc.Dtls;
using StreamMesh.Rtc.Srtp;

namespace StreamMesh.Rtc.Tests.Dtls;

public sealed class DtlsTransportHandshakeTests
{
    public static TheoryData<DtlsRole, SrtpProfile> RolesAndProfiles => new()
    {
        { DtlsRole.Client, SrtpProfile.AeadAes128Gcm },
        { DtlsRole.Server, SrtpProfile.AeadAes128Gcm },
        { DtlsRole.Client, SrtpProfile.Aes128CmHmacSha1_80 },
        { DtlsRole.Server, SrtpProfile.Aes128CmHmacSha1_80 },
    };

    [Theory]
    [MemberData(nameof(RolesAndProfiles))]
    public async Task HandshakeAsync_EitherRoleAssignmentAndProfile_DerivesMirroredKeys(DtlsRole roleOfA, SrtpProfile profile)
    {
        using var peers = DtlsTestPeers.Create(
            roleOfA,
            o => o with { SrtpProfiles = [profile] },
            o => o with { SrtpProfiles = [profile] });

        var (a, b) = await peers.HandshakeAsync();

        int saltLength = profile == SrtpProfile.AeadAes128Gcm ? 12 : 14;
        Assert.Equal(profile, a.Profile);
        Assert.Equal(profile, b.Profile);
        Assert.Equal(16, a.LocalMasterKey.Length);
        Assert.Equal(saltLength, a.LocalMasterSalt.Length);
        Assert.Equal(a.LocalMasterKey, b.RemoteMasterKey);
        Assert.Equal(a.LocalMasterSalt, b.RemoteMasterSalt);
        Assert.Equal(a.RemoteMasterKey, b.LocalMasterKey);
        Assert.Equal(a.RemoteMasterSalt, b.LocalMasterSalt);
        Assert.NotEqual(a.LocalMasterKey, a.RemoteMasterKey);
        Assert.Equal(DtlsTransportState.Connected, peers.A.State);
        Assert.Equal(DtlsTransportState.Connected, peers.B.State);
    }

    [Fact]
    public async Task HandshakeAsync_DefaultProfiles_SelectsAeadAes128Gcm()
    {
        using var peers = DtlsTestPeers.Create(DtlsRole.Client);

        var (a, _) = await peers.HandshakeAsync();

        Assert.Equal(SrtpProfile.AeadAes128Gcm, a.Profile);
    }

    [Fact]
    public async Task HandshakeAsync_ClientPrefersOtherOrder_ServerPreferenceWins()
    {
        using var peers = DtlsTestPeers.Create(
            DtlsRole.Client,
            o => o with { SrtpProfiles = [SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm] },
            o => o with { SrtpProfiles = [SrtpProfile.AeadAes128Gcm, SrtpProfile.Aes128CmHmacSha1_80] });

        var (client, server) = await peers.HandshakeAsync();

        Assert.Equal(SrtpProfile.AeadAes128Gcm, client.Profile);
        Assert.Equal(SrtpProfile.AeadAes128Gcm, server.Profile);
    }

    [Fact]
    public async Task HandshakeAsync_ClientOffersOnlyServersSecondChoice_SelectsIt()
    {
        using var peers = DtlsTestPeers.Create(
            DtlsRole.Client,
            o => o with { SrtpProfiles = [SrtpProfile.Aes128CmHmacSha1_80] });

        var (client, server) = await peers.HandshakeAsync();

        Assert.Equal(SrtpProfile.Aes128CmHmacSha1_80, client.Profile);
        Assert.Equal(SrtpProfile.Aes128CmHmacSha1_80, server.Profile);
    }

    [Fact]
    public async Task HandshakeAsync_SmallMtu_FragmentsFlightsIntoDatagramsThatFit()
    {
        const int mtu = 300;
        int largest = 0;
        bool Record(ReadOnlySpan<byte> datagram)
        {
            int length = datagram.Length;
            int seen;
            while (length > (seen = Volatile.Read(ref largest)) && Interlocked.CompareExchange(ref largest, length, seen) != seen)
            {
            }

            return true;
        }

        using var peers = DtlsTestPeers.Create(
            DtlsRole.Server,
            o => o with { Mtu = mtu },
            o => o with { Mtu = mtu },
            aToBFilter: Record,
            bToAFilter: Record);

        var (a, b) = await peers.HandshakeAsync();

        Assert.Equal(a.LocalMasterKey, b.RemoteMasterKey);
        Assert.InRange(largest, 1, mtu);
    }

    [Theory]
    [InlineData(1234, DtlsRole.Client)]
    [InlineData(2718, DtlsRole.Server)]
    [InlineData(3141, DtlsRole.Client)]
    [InlineData(4242, DtlsRole.Server)]
    [InlineData(5555, DtlsRole.Client)]
    [InlineData(6666, DtlsRole.Server)]
    public async Task HandshakeAsync_LossyPipeDropping30Percent_CompletesThroughRetransmission(int seed, DtlsRole roleOfA)
    {
        var aToBLoss = new SeededLoss(seed, lossRate: 0.3);
        var bToALoss = new SeededLoss(seed + 1, lossRate: 0.3);
        using var peers = DtlsTestPeers.Create(
            roleOfA,
            o => o with { InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100) },
            o => o with { InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100) },
            aToBLoss.Deliver,
            bToALoss.Deliver);

        var (a, b) = await peers.HandshakeAsync();

        Assert.Equal(a.LocalMasterKey, b.RemoteMasterKey);
        Assert.Equal(a.RemoteMasterKey, b.LocalMasterKey);
        Assert.True(peers.AToB.Dropped + peers.BToA.Dropped > 0, "the pipe should have dropped something");
    }

    [Fact]
    public async Task HandshakeAsync_ServerFinalFlightLost_ConnectedServerAnswersRetransmissionWithoutHandshakeThread()
    {
        // Drop the server's first datagram that starts with ChangeCipherSpec: its final flight
        // (ChangeCipherSpec + Finished, packed together). The server completes anyway; only its
        // post-handshake record processing can resend the flight when the client retransmits its
        // own (RFC 6347 §4.2.4).
        int droppedFinalFlight = 0;
        bool DropFirstFinalFlight(ReadOnlySpan<byte> datagram) =>
            !(datagram[0] == 20 && Interlocked.Exchange(ref droppedFinalFlight, 1) == 0);

        using var peers = DtlsTestPeers.Create(
            DtlsRole.Server,
            o => o with { InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100) },
            o => o with { InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100) },
            aToBFilter: DropFirstFinalFlight);
        int serverSentWhenConnected = -1;
        peers.A.StateChanged += (_, e) =>
        {
            if (e.State == DtlsTransportState.Connected)
            {
                serverSentWhenConnected = peers.AToB.Sent;
            }
        };

        var (server, client) = await peers.HandshakeAsync();

        Assert.Equal(server.LocalMasterKey, client.RemoteMasterKey);
        Assert.Equal(1, droppedFinalFlight);
        Assert.True(serverSentWhenConnected > 0);
        Assert.True(peers.AToB.Sent > serverSentWhenConnected, "the connected server must have resent its final flight");
    }

    [Fact]
    public async Task HandshakeAsync_ClientCertificateVerifyLostButChangeCipherSpecDelivered_StillCompletes()
    {
        // A peer that sends one record per datagram (BouncyCastle, OpenSSL) loses only its
        // CertificateVerify; the ChangeCipherSpec right after it arrives. Without the server's
        // ChangeCipherSpecGate, BouncyCastle would switch epochs and discard every retransmission.
        int droppedCertificateVerify = 0;
        int changeCipherSpecsAfterDrop = 0;
        bool DropFirstCertificateVerify(ReadOnlySpan<byte> record)
        {
            bool epochZeroHandshake = record[0] == 22 && record[3] == 0 && record[4] == 0;
            if (epochZeroHandshake && record[13] == 15 && Interlocked.Exchange(ref droppedCertificateVerify, 1) == 0)
            {
                return false;
            }

            if (record[0] == 20 && Volatile.Read(ref droppedCertificateVerify) == 1)
            {
                Interlocked.Increment(ref changeCipherSpecsAfterDrop);
            }

            return true;
        }

        using var peers = DtlsTestPeers.Create(
            DtlsRole.Server,
            o => o with { InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100) },
            o => o with { InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100) },
            bToAFilter: DropFirstCertificateVerify,
            splitRecords: true);

        var (server, client) = await peers.HandshakeAsync();

        Assert.Equal(server.RemoteMasterKey, client.LocalMasterKey);
        Assert.Equal(1, droppedCertificateVerify);
        Assert.True(changeCipherSpecsAfterDrop >= 2, "the first ChangeCipherSpec after the loss must have been delivered too");
    }

    [Fact]
    public async Task HandshakeAsync_ClientHelloArrivesBeforeServerStarts_IsQueuedAndCompletes()
    {
        using var peers = DtlsTestPeers.Create(DtlsRole.Client);

        Task<DtlsSrtpKeys> client = peers.A.HandshakeAsync();
        await peers.AToB.FirstDelivered.WaitAsync(DtlsTestPeers.Guard);
        Assert.Equal(DtlsTransportState.New, peers.B.State);
        Task<DtlsSrtpKeys> server = peers.B.HandshakeAsync();

        DtlsSrtpKeys[] keys = await Task.WhenAll(client, server).WaitAsync(DtlsTestPeers.Guard);

        Assert.Equal(keys[0].LocalMasterKey, keys[1].RemoteMasterKey);
    }

    [Fact]
    public async Task ReceiveDatagram_MalformedDatagramsInterleaved_DroppedCountedAndHandshakeCompletes()
    {
        byte[][] garbage =
        [
            [0x16, 0xFE, 0xFD],                                                    // shorter than a record header
            [0x16, 0x03, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],                       // TLS, not DTLS, version
            [0x1E, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],                       // content type 30
            [0x16, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x05, 1, 2],           // length 5, 2 bytes present
            [0x15, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 0xFF],           // trailing byte after a record
            [0x40, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],                      // first byte outside DTLS range
        ];
        int fed = 0;
        DtlsTestPeers? peers = null;
        bool InjectGarbage(ReadOnlySpan<byte> datagram)
        {
            // Before every real datagram, hit the receiver with one malformed one.
            int n = Interlocked.Increment(ref fed) - 1;
            peers!.B.ReceiveDatagram(garbage[n % garbage.Length]);
            return true;
        }

        peers = DtlsTestPeers.Create(DtlsRole.Client, aToBFilter: InjectGarbage);
        using (peers)
        {
            foreach (byte[] early in garbage)
            {
                peers.A.ReceiveDatagram(early);
            }

            var (a, b) = await peers.HandshakeAsync();

            Assert.Equal(a.LocalMasterKey, b.RemoteMasterKey);
            Assert.Equal(garbage.Length, peers.A.MalformedDatagramsDropped);
            Assert.Equal(Volatile.Read(ref fed), peers.B.MalformedDatagramsDropped);
            Assert.True(fed > 0);
        }
    }

    [Fact]
    public async Task ReceiveDatagram_WellFramedForgedRecordsAfterHandshake_AreDiscardedAndAssociationSurvives()
    {
        using var peers = DtlsTestPeers.Create(DtlsRole.Client);
        await peers.HandshakeAsync();

        // alert(21), DTLS 1.2, epoch 1, seq 99, 26 bytes of junk: fails AEAD authentication.
        byte[] forged = new byte[13 + 26];
        forged[0] = 21;
        forged[1] = 0xFE;
        forged[2] = 0xFD;
        forged[4] = 1;
        forged[10] = 99;
        forged[12] = 26;
        var closedByPeer = new TaskCompletionSource<DtlsStateChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        peers.B.StateChanged += (_, e) => closedByPeer.TrySetResult(e);
        peers.B.ReceiveDatagram(forged);
        peers.B.ReceiveDatagram(forged);

        // The close_notify queued behind the forged records is still processed normally.
        peers.A.Close();
        DtlsStateChangedEventArgs change = await closedByPeer.Task.WaitAsync(DtlsTestPeers.Guard);

        Assert.Equal(DtlsTransportState.Closed, change.State);
        Assert.Equal(0, peers.B.MalformedDatagramsDropped);
    }

    [Fact]
    public void ReceiveDatagram_MoreThanQueueCapacityBeforeHandshake_DropsAndCountsOverflow()
    {
        using var peers = DtlsTestPeers.Create(DtlsRole.Server, o => o with { ReceiveQueueCapacity = 4 });
        byte[] record = [0x17, 0xFE, 0xFD, 0, 3, 0, 0, 0, 0, 0, 1, 0, 1, 0xAA];

        for (int i = 0; i < 10; i++)
        {
            peers.A.ReceiveDatagram(record);
        }

        Assert.Equal(6, peers.A.QueueOverflowDatagramsDropped);
        Assert.Equal(0, peers.A.MalformedDatagramsDropped);
    }

    /// <summary>Drops the first datagram (so a retransmission must happen), then each one with the given probability.</summary>
    private sealed class SeededLoss(int seed, double lossRate)
    {
        private readonly Random _random = new(seed);
        private readonly Lock _gate = new();
        private bool _first = true;

        public bool Deliver(ReadOnlySpan<byte> datagram)
        {
            lock (_gate)
            {
                bool deliver = !_first && _random.NextDouble() >= lossRate;
                _first = false;
                return deliver;
            }
        }
    }
}
