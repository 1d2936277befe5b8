namespace StreamMesh.Mesh.Tracker;

/// <summary>What the tracker remembers per peer beyond the tree: its secret and which parent it last got a ticket for.</summary>
internal sealed class PeerSession
{
    public PeerSession(string token)
    {
        Token = token;
    }

    public string Token { get; }

    /// <summary><see cref="StreamMesh.Topology.Tree.TreePeer.ParentEpoch"/> at the last ticket; -1 before the first.</summary>
    public long TicketedEpoch { get; set; } = -1;

    /// <summary>The first backup the last standby ticket was issued for.</summary>
    public string? StandbyTicketedFor { get; set; }

    /// <summary>When the last standby ticket was issued.</summary>
    public DateTimeOffset StandbyTicketedAt { get; set; }

    /// <summary>Statistics from the last heartbeat that carried any, with every optional field as sent.</summary>
    public Contracts.PeerStatsDto? Stats { get; set; }
}
