using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StreamMesh.Rtc.Ice;

/// <summary>
/// An ICE candidate as carried in SDP "a=candidate" lines and trickled by browsers (RFC 8839 §5.1):
/// <c>candidate:foundation component transport priority address port typ type [raddr a] [rport p] *(name value)</c>.
/// Immutable. Candidates that this stack cannot use — TCP ones, or mDNS ".local" hostnames that
/// browsers emit to hide local addresses — still parse; <see cref="EndPoint"/> is null for names and
/// <see cref="IsUdp"/> false for TCP, and the agent ignores them.
/// </summary>
public sealed class IceCandidate
{
    private const string Prefix = "candidate:";
    private const int MaxFoundationLength = 32;

    /// <summary>Creates a candidate; arguments are validated like parsed input.</summary>
    /// <exception cref="ArgumentException">A field breaks the RFC 8839 grammar.</exception>
    public IceCandidate(
        string foundation,
        int component,
        string transport,
        uint priority,
        string address,
        int port,
        IceCandidateType type,
        string? relatedAddress = null,
        int? relatedPort = null,
        IReadOnlyList<KeyValuePair<string, string>>? extensions = null)
    {
        if (string.IsNullOrEmpty(foundation) || foundation.Length > MaxFoundationLength || !IceCredentials.IsIceChars(foundation))
        {
            throw new ArgumentException("A foundation is 1–32 ice-chars.", nameof(foundation));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(component, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(component, 256);
        ArgumentException.ThrowIfNullOrWhiteSpace(transport);
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        if (relatedPort is < 0 or > IPEndPoint.MaxPort)
        {
            throw new ArgumentOutOfRangeException(nameof(relatedPort));
        }

        Foundation = foundation;
        Component = component;
        Transport = transport.ToLowerInvariant();
        Priority = priority;
        Address = address;
        Port = port;
        Type = type;
        RelatedAddress = relatedAddress;
        RelatedPort = relatedPort;
        Extensions = extensions ?? [];
        if (IPAddress.TryParse(address, out IPAddress? ip) && ip.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
        {
            IPAddress = ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;
            EndPoint = new IPEndPoint(IPAddress, port);
        }
    }

    /// <summary>Groups candidates of the same type, base and server (RFC 8445 §5.1.1.3).</summary>
    public string Foundation { get; }

    /// <summary>Component ID; 1 (RTP, with RTCP multiplexed) is the only one this stack uses.</summary>
    public int Component { get; }

    /// <summary>Transport, lower case ("udp", "tcp").</summary>
    public string Transport { get; }

    /// <summary>Candidate priority (RFC 8445 §5.1.2).</summary>
    public uint Priority { get; }

    /// <summary>The connection address as written: an IP literal or a hostname (mDNS).</summary>
    public string Address { get; }

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary>The candidate type.</summary>
    public IceCandidateType Type { get; }

    /// <summary>raddr: the base of a reflexive candidate, the mapped address of a relayed one.</summary>
    public string? RelatedAddress { get; }

    /// <summary>rport, paired with <see cref="RelatedAddress"/>.</summary>
    public int? RelatedPort { get; }

    /// <summary>Other name/value pairs in order, e.g. Chromium's generation, ufrag, network-id, network-cost.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Extensions { get; }

    /// <summary>The address when it is an IP literal, otherwise null.</summary>
    public IPAddress? IPAddress { get; }

    /// <summary>Address and port when the address is an IP literal, otherwise null.</summary>
    public IPEndPoint? EndPoint { get; }

    /// <summary>Whether the transport is UDP, the only one this stack connects over.</summary>
    public bool IsUdp => Transport == "udp";

    /// <summary>Whether the address is an mDNS name (RFC 8839 §5.1 allows FQDNs; browsers hide host IPs behind ".local").</summary>
    public bool IsMdnsHostname => Address.EndsWith(".local", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a candidate; see <see cref="TryParse"/> for accepted forms.</summary>
    /// <exception cref="FormatException">Not a candidate per RFC 8839 §5.1.</exception>
    public static IceCandidate Parse(string value) =>
        TryParse(value, out IceCandidate? candidate)
            ? candidate
            : throw new FormatException($"Not an ICE candidate: '{value}'.");

    /// <summary>
    /// Parses "candidate:…", "a=candidate:…" or the bare attribute value. Never throws. Transport and
    /// type keywords are case-insensitive; unknown candidate types are rejected; extension pairs are kept.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out IceCandidate? candidate)
    {
        candidate = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        ReadOnlySpan<char> text = value.AsSpan().Trim();
        if (text.StartsWith("a=", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        if (text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            text = text[Prefix.Length..];
        }

        string[] tokens = text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length < 8 || (tokens.Length - 8) % 2 != 0 || !tokens[6].Equals("typ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (tokens[0].Length > MaxFoundationLength || !IceCredentials.IsIceChars(tokens[0])
            || !int.TryParse(tokens[1], NumberStyles.None, CultureInfo.InvariantCulture, out int component) || component is < 1 or > 256
            || !uint.TryParse(tokens[3], NumberStyles.None, CultureInfo.InvariantCulture, out uint priority)
            || !TryParsePort(tokens[5], out int port)
            || !TryParseType(tokens[7], out IceCandidateType type))
        {
            return false;
        }

        string? relatedAddress = null;
        int? relatedPort = null;
        var extensions = new List<KeyValuePair<string, string>>();
        for (int i = 8; i < tokens.Length; i += 2)
        {
            string name = tokens[i];
            string extensionValue = tokens[i + 1];
            if (name.Equals("raddr", StringComparison.OrdinalIgnoreCase))
            {
                relatedAddress = extensionValue;
            }
            else if (name.Equals("rport", StringComparison.OrdinalIgnoreCase))
            {
                if (!TryParsePort(extensionValue, out int rport))
                {
                    return false;
                }

                relatedPort = rport;
            }
            else
            {
                extensions.Add(new KeyValuePair<string, string>(name, extensionValue));
            }
        }

        candidate = new IceCandidate(tokens[0], component, tokens[2], priority, tokens[4], port, type, relatedAddress, relatedPort, extensions);
        return true;
    }

    /// <summary>The SDP attribute value, "candidate:…" (what follows "a=" in SDP, and the browser API's form).</summary>
    public string ToSdpAttributeValue()
    {
        var text = new StringBuilder(96);
        text.Append(CultureInfo.InvariantCulture, $"{Prefix}{Foundation} {Component} {Transport} {Priority} {Address} {Port} typ {TypeName(Type)}");
        if (RelatedAddress is not null)
        {
            text.Append(" raddr ").Append(RelatedAddress);
        }

        if (RelatedPort is int rport)
        {
            text.Append(" rport ").Append(rport.ToString(CultureInfo.InvariantCulture));
        }

        foreach (KeyValuePair<string, string> extension in Extensions)
        {
            text.Append(' ').Append(extension.Key).Append(' ').Append(extension.Value);
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => ToSdpAttributeValue();

    /// <summary>The "typ" keyword for <paramref name="type"/>.</summary>
    public static string TypeName(IceCandidateType type) => type switch
    {
        IceCandidateType.Host => "host",
        IceCandidateType.ServerReflexive => "srflx",
        IceCandidateType.PeerReflexive => "prflx",
        IceCandidateType.Relayed => "relay",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>A copy with another type and priority, for a prflx candidate later signalled as host/srflx.</summary>
    internal IceCandidate WithTypeAndPriority(IceCandidateType type, uint priority, string foundation) =>
        new(foundation, Component, Transport, priority, Address, Port, type, RelatedAddress, RelatedPort, Extensions);

    private static bool TryParsePort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= IPEndPoint.MaxPort;

    private static bool TryParseType(string text, out IceCandidateType type)
    {
        switch (text.ToLowerInvariant())
        {
            case "host":
                type = IceCandidateType.Host;
                return true;
            case "srflx":
                type = IceCandidateType.ServerReflexive;
                return true;
            case "prflx":
                type = IceCandidateType.PeerReflexive;
                return true;
            case "relay":
                type = IceCandidateType.Relayed;
                return true;
            default:
                type = default;
                return false;
        }
    }
}
