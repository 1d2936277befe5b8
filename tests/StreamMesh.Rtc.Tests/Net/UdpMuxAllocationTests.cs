using System.Net;
using StreamMesh.Rtc.Ice;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Tests.Ice;

namespace StreamMesh.Rtc.Tests.Net;

/// <summary>
/// The per-datagram paths must not allocate. Process-wide allocation counters are only meaningful
/// when nothing else runs, hence the non-parallel collection.
/// </summary>
[Collection(AllocationMeasurementCollection.Name)]
public class UdpMuxAllocationTests
{
    [Fact]
    public async Task Send_ToValidatedEndPoint_DoesNotAllocate()
    {
        await using IceTestPeer a = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = IceRole.Controlling });
        await using IceTestPeer b = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = IceRole.Controlled });
        await IceAgentConnectivityTests.ConnectAsync(a, b);
        byte[] rtp = new byte[1200];
        rtp[0] = 0x80;
        rtp[1] = 96;
        IPEndPoint remote = b.Mux.LocalEndPoint;
        SendAll(a, rtp, remote); // warm up

        long before = GC.GetAllocatedBytesForCurrentThread();
        SendAll(a, rtp, remote);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public Task ReceiveLoop_RoutingRtpToSink_AllocatesNothingPerDatagram() => AssertReceiveAllocatesNothingAsync(new UdpMuxOptions());

    [Fact]
    public Task DedicatedReceiveThread_RoutingRtpInBursts_AllocatesNothingPerDatagram() =>
        AssertReceiveAllocatesNothingAsync(new UdpMuxOptions { DedicatedReceiveThread = true });

    [Fact]
    public async Task ReceivePoller_RoutingRtpToSink_AllocatesNothingPerDatagram()
    {
        using var poller = new UdpReceivePoller();
        await AssertReceiveAllocatesNothingAsync(new UdpMuxOptions { ReceivePoller = poller });
    }

    private static async Task AssertReceiveAllocatesNothingAsync(UdpMuxOptions options)
    {
        // Enough datagrams that the test's own fixed costs (awaits, continuations the poller thread
        // queues to the thread pool) stay well under the per-datagram bound below.
        const int Datagrams = 10000;
        await using IceTestPeer a = await IceTestPeer.CreateAsync(new IceAgentOptions { Role = IceRole.Controlling });
        await using UdpMux receiverMux = IceTestPeer.CreateLoopbackMux(options);
        Assert.Equal(options.ReceivePoller?.IsActive ?? false, receiverMux.ReceivesThroughPoller);
        await using var receiver = new IceAgent(receiverMux, new IceAgentOptions { Role = IceRole.Controlled });
        var sink = new CountingSink();
        using UdpMuxRegistration registration = receiverMux.Register(receiver, sink);
        await receiver.GatherAsync();
        a.Agent.SetRemoteCredentials(receiver.LocalUsernameFragment, receiver.LocalPassword);
        receiver.SetRemoteCredentials(a.Agent.LocalUsernameFragment, a.Agent.LocalPassword);
        a.Agent.AddRemoteCandidate(receiver.LocalCandidates[0]);
        a.Agent.Start();
        receiver.Start();
        await Task.WhenAll(receiver.WaitForStateAsync(IceConnectionState.Connected), a.Agent.WaitForStateAsync(IceConnectionState.Connected));
        byte[] rtp = new byte[200];
        rtp[0] = 0x80;
        rtp[1] = 96;
        await SendAndAwaitAsync(a, sink, rtp, Datagrams); // warm up

        long before = GC.GetTotalAllocatedBytes(precise: true);
        await SendAndAwaitAsync(a, sink, rtp, Datagrams);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        // The test's own awaits and the agents' timers allocate a little; one object per datagram
        // (an IPEndPoint, a copy) would cost at least 24 bytes each.
        Assert.True(allocated < Datagrams * 12, $"{allocated} bytes for {Datagrams} datagrams");
    }

    private static void SendAll(IceTestPeer a, byte[] rtp, IPEndPoint remote)
    {
        for (int i = 0; i < 50; i++)
        {
            Assert.True(a.Agent.Send(rtp));
            Assert.True(a.Mux.Send(rtp, remote));
        }
    }

    private static async Task SendAndAwaitAsync(IceTestPeer sender, CountingSink sink, byte[] rtp, int count)
    {
        sink.Reset();
        for (int i = 0; i < count; i++)
        {
            sender.Agent.Send(rtp);
            if (i % 50 == 49)
            {
                // Let the receive loop drain so that the socket buffer never overflows on a busy machine.
                await sink.Expect(i + 1 - 25).WaitAsync(TestTimeouts.Network);
            }
        }

        await sink.Expect(count).WaitAsync(TestTimeouts.Network);
    }

    private sealed class CountingSink : IUdpMuxSink
    {
        private readonly Lock _gate = new();
        private int _count;
        private int _target = int.MaxValue;
        private TaskCompletionSource? _reached;

        public void Reset()
        {
            lock (_gate)
            {
                _count = 0;
            }
        }

        public Task Expect(int target)
        {
            lock (_gate)
            {
                if (_count >= target)
                {
                    return Task.CompletedTask;
                }

                _target = target;
                _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return _reached.Task;
            }
        }

        public void OnDtlsDatagram(ReadOnlySpan<byte> datagram, IPEndPoint remote)
        {
        }

        public void OnRtpDatagram(Span<byte> datagram, IPEndPoint remote)
        {
            lock (_gate)
            {
                if (++_count >= _target)
                {
                    _target = int.MaxValue;
                    _reached?.TrySetResult();
                }
            }
        }
    }
}
