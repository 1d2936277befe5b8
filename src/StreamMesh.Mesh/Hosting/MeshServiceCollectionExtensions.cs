using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamMesh.Mesh.Hosting.Emulation;
using StreamMesh.Mesh.Origin;
using StreamMesh.Mesh.Streams;
using StreamMesh.Mesh.Tree;
using StreamMesh.Mesh.Whep;
using StreamMesh.Rtc.Dtls;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Peer;

namespace StreamMesh.Mesh.Hosting;

/// <summary>DI registration of the runtime roles (YARP-style <c>AddXxx</c> extensions).</summary>
public static class MeshServiceCollectionExtensions
{
    /// <summary>The node's WebRTC endpoint (one UDP socket, one DTLS certificate), live streams and WHEP.</summary>
    public static IServiceCollection AddStreamMeshNode(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<TreeOptions>(configuration, TreeOptions.Section);
        services.AddValidatedOptions<Security.NodeAccessOptions>(configuration, Security.NodeAccessOptions.Section);
        services.AddSingleton<TreeMembership>();
        services.AddSingleton<StreamRegistry>();
        services.AddSingleton(sp => EmulatedLatency.Create(sp.GetRequiredService<IOptions<NodeOptions>>().Value, sp.GetRequiredService<IOptions<TreeOptions>>().Value.Site));
        services.AddSingleton(sp =>
        {
            var node = sp.GetRequiredService<IOptions<NodeOptions>>().Value;
            var mux = new UdpMux(
                new UdpMuxOptions { BindAddress = node.UdpBindAddress, Port = node.UdpPort, DedicatedReceiveThread = true, OutboundRtpLossRate = node.InjectedRtpLoss, SendDelayPolicy = sp.GetRequiredService<EmulatedLatency>().SendDelayPolicy },
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<UdpMux>());
            return new WebRtcEndpoint(mux, DtlsCertificate.Generate(sp.GetRequiredService<TimeProvider>()));
        });
        services.AddWhep();
        return services;
    }

    /// <summary>An origin: the node plus one stream pulled from its source.</summary>
    public static IServiceCollection AddStreamMeshOrigin(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStreamMeshNode(configuration);
        services.AddValidatedOptions<OriginOptions>(configuration, OriginOptions.Section);
        services.AddSingleton<OriginService>();
        services.AddHostedService(sp => sp.GetRequiredService<OriginService>());
        services.AddSingleton<Whip.WhipIngestRegistry>();
        services.AddHostedService<OriginTreeRegistration>();
        return services;
    }

    /// <summary>A relay: the node plus every stream the tracker knows, pulled from the nearest parent with room.</summary>
    public static IServiceCollection AddStreamMeshRelay(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStreamMeshNode(configuration);
        services.AddHostedService<RelayService>();
        return services;
    }
}
