using Microsoft.AspNetCore.Http;
using StreamMesh.Rtc.Net;

namespace StreamMesh.Mesh.Hosting.Emulation;

/// <summary>
/// A node's latency emulation (Node:EmulatedRttFile): it answers HTTP probes (<c>/healthz</c>) late by
/// the RTT between its site and the prober's, and holds outbound UDP back by the one-way latency to
/// the destination's site. Emulation for tests and tools on one machine, never for production.
/// </summary>
public sealed class EmulatedLatency
{
    /// <summary>Header a prober names its site with (loopback connections all come from 127.0.0.1).</summary>
    public const string SiteHeader = "X-StreamMesh-Site";

    private EmulatedLatency(EmulatedRttTable? table, int ownSite)
    {
        Table = table;
        OwnSite = ownSite;
        SendDelayPolicy = table is null ? null : new SiteLatencySendDelayPolicy(table, ownSite);
    }

    /// <summary>No emulation.</summary>
    public static EmulatedLatency None { get; } = new(null, -1);

    /// <summary>The table, or null when nothing is emulated.</summary>
    public EmulatedRttTable? Table { get; }

    /// <summary>This node's site index in <see cref="Table"/>, or -1.</summary>
    public int OwnSite { get; }

    /// <summary>Policy for the node's <see cref="UdpMuxOptions.SendDelayPolicy"/>, or null.</summary>
    public IUdpSendDelayPolicy? SendDelayPolicy { get; }

    /// <summary>
    /// Loads the table named by <paramref name="node"/>; this node's site is <paramref name="site"/>
    /// or else the one its HTTP address maps to.
    /// </summary>
    /// <exception cref="ArgumentException">The file is not a valid table, or the node's site is not in it.</exception>
    public static EmulatedLatency Create(NodeOptions node, string? site)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (string.IsNullOrWhiteSpace(node.EmulatedRttFile))
        {
            return None;
        }

        var table = EmulatedRttTable.Load(node.EmulatedRttFile);
        int own = string.IsNullOrWhiteSpace(site) ? table.SiteOf(node.HttpEndPoint.Address) : table.IndexOf(site);
        if (own < 0)
        {
            throw new ArgumentException($"Node:EmulatedRttFile: this node's site ('{site}' or that of {node.HttpEndPoint.Address}) is not in the table");
        }

        return new EmulatedLatency(table, own);
    }

    /// <summary>The RTT to emulate for a request: by the prober's <see cref="SiteHeader"/>, else its address.</summary>
    public TimeSpan ProbeDelay(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Table is null)
        {
            return TimeSpan.Zero;
        }

        int site = context.Request.Headers.TryGetValue(SiteHeader, out var named) ? Table.IndexOf(named.ToString()) : -1;
        if (site < 0)
        {
            site = Table.SiteOf(context.Connection.RemoteIpAddress);
        }

        return Table.Rtt(OwnSite, site);
    }
}
