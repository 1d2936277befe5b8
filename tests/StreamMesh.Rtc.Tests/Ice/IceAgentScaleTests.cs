using StreamMesh.Rtc.Ice;
using StreamMesh.Rtc.Net;

namespace StreamMesh.Rtc.Tests.Ice;

public class IceAgentScaleTests
{
    [Fact]
    public async Task Start_FiftyAgentsSharingOneMux_AllConnectAndMediaIsRoutedPerPeer()
    {
        const int Count = 50;
        await using UdpMux shared = IceTestPeer.CreateLoopbackMux();
        var servers = new List<IceTestPeer>(Count);
        var clients = new List<IceTestPeer>(Count);
        try
        {
            for (int i = 0; i < Count; i++)
            {
                // Like a relay and its viewers: the relay's agents share one socket, each viewer has its own.
                servers.Add(await IceTestPeer.CreateAsync(new IceAgentOptions { Role = IceRole.Controlled }, sharedMux: shared));
                clients.Add(await IceTestPeer.CreateAsync(new IceAgentOptions { Role = IceRole.Controlling }));
            }

            for (int i = 0; i < Count; i++)
            {
                IceTestPeer.Exchange(servers[i], clients[i]);
                servers[i].Agent.Start();
                clients[i].Agent.Start();
            }

            await Task.WhenAll(servers.Concat(clients).Select(p => p.Agent.WaitForStateAsync(IceConnectionState.Connected, TimeSpan.FromSeconds(60))));

            Assert.Equal(Count, shared.RegistrationCount);
            for (int i = 0; i < Count; i++)
            {
                Assert.Equal(clients[i].Mux.LocalEndPoint, servers[i].Agent.SelectedRemoteEndPoint);
                Assert.True(clients[i].Agent.Send([22, 0xfe, 0xfd, (byte)i]));
            }

            await Task.WhenAll(servers.Select(s => s.Sink.WaitForDtlsAsync(1)));
            for (int i = 0; i < Count; i++)
            {
                (byte[] data, _) = Assert.Single(servers[i].Sink.Dtls);
                Assert.Equal((byte)i, data[3]);
            }

            Assert.Equal(0, shared.Counters.EndPointRebinds);
        }
        finally
        {
            foreach (IceTestPeer peer in servers.Concat(clients))
            {
                await peer.DisposeAsync();
            }
        }

        Assert.Equal(0, shared.RegistrationCount);
    }
}
