using StreamMesh.Rtc.Dtls;

namespace StreamMesh.Rtc.Tests.Dtls;

public sealed class DtlsTransportLifecycleTests
{
    [Theory]
    [InlineData(DtlsRole.Client)]
    [InlineData(DtlsRole.Server)]
    public async Task Close_AfterHandshake_PeerObservesCloseNotify(DtlsRole roleOfCloser)
    {
        using var peers = DtlsTestPeers.Create(roleOfCloser);
        await peers.HandshakeAsync();
        var peerChange = new TaskCompletionSource<DtlsStateChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        peers.B.StateChanged += (_, e) => peerChange.TrySetResult(e);

        peers.A.Close();
        DtlsStateChangedEventArgs change = await peerChange.Task.WaitAsync(DtlsTestPeers.Guard);

        Assert.Equal(DtlsTransportState.Connected, change.Previous);
        Assert.Equal(DtlsTransportState.Closed, change.State);
        Assert.Equal((byte)0, change.AlertDescription); // close_notify, RFC 5246 §7.2.1
        Assert.Null(change.FailureReason);
        Assert.Equal(DtlsTransportState.Closed, peers.A.State);
        Assert.Equal(DtlsTransportState.Closed, peers.B.State);
    }

    [Fact]
    public async Task Close_CalledTwice_RaisesOneTransition()
    {
        using var peers = DtlsTestPeers.Create(DtlsRole.Client);
        await peers.HandshakeAsync();
        int closedEvents = 0;
        peers.A.StateChanged += (_, e) =>
        {
            if (e.State == DtlsTransportState.Closed)
            {
                Interlocked.Increment(ref closedEvents);
            }
        };
        int sentBefore = peers.AToB.Sent;

        peers.A.Close();
        peers.A.Close();

        Assert.Equal(1, closedEvents);
        Assert.Equal(sentBefore + 1, peers.AToB.Sent); // exactly one close_notify record
    }

    [Fact]
    public async Task HandshakeAsync_FiftyConcurrentPairsThroughTwoSlotsPerRole_AllCompleteWithinTheLimit()
    {
        // Worst case for a shared limiter: every client is started before any server, all in one
        // process, through a scheduler far smaller than the number of handshakes.
        const int pairs = 50;
        var scheduler = new DtlsHandshakeScheduler(slotsPerRole: 2);
        var links = new List<DtlsTestPeers>(pairs);
        for (int i = 0; i < pairs; i++)
        {
            links.Add(DtlsTestPeers.Create(
                DtlsRole.Client,
                o => o with { HandshakeScheduler = scheduler },
                o => o with { HandshakeScheduler = scheduler }));
        }

        try
        {
            var clients = links.Select(l => l.A.HandshakeAsync()).ToList();
            var servers = links.Select(l => l.B.HandshakeAsync()).ToList();

            DtlsSrtpKeys[] clientKeys = await Task.WhenAll(clients).WaitAsync(TimeSpan.FromMinutes(3));
            DtlsSrtpKeys[] serverKeys = await Task.WhenAll(servers).WaitAsync(TimeSpan.FromMinutes(3));

            for (int i = 0; i < pairs; i++)
            {
                Assert.Equal(clientKeys[i].LocalMasterKey, serverKeys[i].RemoteMasterKey);
                Assert.Equal(DtlsTransportState.Connected, links[i].A.State);
            }

            Assert.InRange(scheduler.PeakActiveHandshakes, 1, 2 * scheduler.SlotsPerRole);
            Assert.Equal(0, scheduler.ActiveHandshakes);
        }
        finally
        {
            links.ForEach(l => l.Dispose());
        }
    }
}
