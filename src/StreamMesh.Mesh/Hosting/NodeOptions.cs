using System.Globalization;
using System.Net;

namespace StreamMesh.Mesh.Hosting;

/// <summary>Settings every StreamMesh node has (section <c>Node</c>).</summary>
public sealed record NodeOptions : IValidatedOptions
{
    public const string Section = "Node";

    /// <summary>HOST:PORT the HTTP endpoints (WHEP, player, metrics) listen on.</summary>
    public string Http { get; init; } = "127.0.0.1:8080";

    /// <summary>UDP port of the one socket that carries every peer's ICE, DTLS and SRTP; 0 picks a free port.</summary>
    public int UdpPort { get; init; }

    /// <summary>Address the UDP socket binds to. Empty: the HTTP host when it is an IP address, else all interfaces.</summary>
    public string? UdpBind { get; init; }

    /// <summary>STUN server (HOST:PORT, IP address) for a server-reflexive candidate when the node is behind NAT.</summary>
    public string? StunServer { get; init; }

    public IPEndPoint? StunServerEndPoint => ParseHostPort(StunServer);

    /// <summary>Test aid: fraction (0..1) of outbound RTP media datagrams dropped on purpose to emulate a lossy path.</summary>
    public double InjectedRtpLoss { get; init; }

    /// <summary>TLS for the HTTP listener; null or without a certificate: plain HTTP.</summary>
    public NodeHttpsOptions? Https { get; init; }

    /// <summary>"https" when <see cref="Https"/> is configured, else "http".</summary>
    public string Scheme => Https is { IsEnabled: true } ? "https" : "http";

    /// <summary>Test/tool aid: site-pair RTT table to emulate (see EmulatedRttTable); empty: none.</summary>
    public string? EmulatedRttFile { get; init; }

    public IPEndPoint HttpEndPoint => ParseHostPort(Http) ?? throw new InvalidOperationException("Node:Http was not validated");

    public IPAddress UdpBindAddress
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(UdpBind))
            {
                return IPAddress.Parse(UdpBind);
            }

            return ParseHostPort(Http) is { } http ? http.Address : IPAddress.Any;
        }
    }

    public void Validate()
    {
        if (ParseHostPort(Http) is null)
        {
            throw new ArgumentException($"Node:Http must be HOST:PORT with an IP address and a port, e.g. 127.0.0.1:8080 (got '{Http}')");
        }

        if (UdpPort is < 0 or > 65535)
        {
            throw new ArgumentException($"Node:UdpPort must be 0..65535 (got {UdpPort})");
        }

        if (!string.IsNullOrWhiteSpace(UdpBind) && !IPAddress.TryParse(UdpBind, out _))
        {
            throw new ArgumentException($"Node:UdpBind must be an IP address (got '{UdpBind}')");
        }

        if (!string.IsNullOrWhiteSpace(StunServer) && ParseHostPort(StunServer) is null)
        {
            throw new ArgumentException($"Node:StunServer must be IP:PORT, e.g. 192.0.2.10:3478 (got '{StunServer}')");
        }

        if (!string.IsNullOrWhiteSpace(EmulatedRttFile) && !File.Exists(EmulatedRttFile))
        {
            throw new ArgumentException($"Node:EmulatedRttFile '{EmulatedRttFile}' does not exist");
        }

        if (InjectedRtpLoss is < 0 or > 1 || double.IsNaN(InjectedRtpLoss))
        {
            throw new ArgumentException($"Node:InjectedRtpLoss must be between 0 and 1 (got {InjectedRtpLoss})");
        }

        Https?.Validate();
    }

    /// <summary>Parses "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:80" and "localhost:8080".</summary>
    public static IPEndPoint? ParseHostPort(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            return null;
        }

        var host = value[..colon].Trim('[', ']');
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        return IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, port) : null;
    }
}
