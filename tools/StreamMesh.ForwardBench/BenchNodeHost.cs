using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StreamMesh.Mesh.Hosting;
using StreamMesh.Mesh.Whep;
using StreamMesh.Rtc.Dtls;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Peer;

namespace StreamMesh.ForwardBench;

/// <summary>
/// A StreamMesh node as the CLI builds one (WHEP, limits, the stream registry), on loopback with an HTTP port of the
/// kernel's choosing, and the UDP send path under test selectable. Both the measured node and the relay's parent run one.
/// </summary>
internal static class BenchNodeHost
{
    public static WebApplication Build(ForwardBenchOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");

        // The node's Limits (docs/security.md) sized for the benchmark: room for every viewer (the default
        // MaxViewers is 1000, so N = 1000 would have no slack for a viewer that retries), and a handshake
        // reaper as patient as LoadGen's 60 s connect budget, so a viewer queued for a DTLS slot on a
        // loaded box is not reaped while it waits.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Node:Http"] = "127.0.0.1:0",
            ["Limits:MaxViewers"] = Math.Max(1000, 2 * options.Viewers).ToString(CultureInfo.InvariantCulture),
            ["Limits:HandshakeTimeoutSeconds"] = "60",
        });
        builder.Services.AddValidatedOptions<Mesh.Security.LimitsOptions>(builder.Configuration, Mesh.Security.LimitsOptions.Section);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddValidatedOptions<NodeOptions>(builder.Configuration, NodeOptions.Section);
        builder.Services.AddStreamMeshNode(builder.Configuration);

        // The node's own endpoint, but with the send path under test selectable (sendmmsg or one sendto per packet).
        builder.Services.AddSingleton(sp => new WebRtcEndpoint(
            new UdpMux(new UdpMuxOptions { UseSendMmsg = options.UseSendMmsg, UseSegmentationOffload = options.UseSegmentationOffload, SocketSendBufferSize = 4 * 1024 * 1024, DedicatedReceiveThread = options.DedicatedReceiveThread }),
            DtlsCertificate.Generate(TimeProvider.System)));
        var app = builder.Build();
        app.MapWhep();
        return app;
    }

    /// <summary>The WHEP resource of <paramref name="stream"/> on a started node.</summary>
    public static Uri WhepUrl(WebApplication app, string stream)
    {
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(new Uri(url), $"/whep/{stream}");
    }
}
