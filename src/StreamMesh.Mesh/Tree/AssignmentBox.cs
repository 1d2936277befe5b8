using StreamMesh.Mesh.Tracker.Contracts;

namespace StreamMesh.Mesh.Tree;

/// <summary>
/// The newest assignment from any tracker answer (heartbeat, unreachable report), shared between a relay's loops.
/// Tickets come only with the answer that first shows a new parent; later answers for the same parent carry none, so
/// the box remembers the last ticket per parent (and the standby ticket) until it is used.
/// </summary>
internal sealed class AssignmentBox(ParentAssignmentDto initial)
{
    private readonly Lock _lock = new();
    private ParentAssignmentDto _value = initial;
    private (string Parent, string Ticket)? _ticket = Ticketed(initial);
    private (string Parent, string Ticket)? _standby = StandbyTicketed(initial);

    public ParentAssignmentDto Value
    {
        get
        {
            lock (_lock)
            {
                return _value;
            }
        }
    }

    public void Offer(ParentAssignmentDto next)
    {
        lock (_lock)
        {
            _value = next;
            _ticket = Ticketed(next) ?? _ticket;
            _standby = StandbyTicketed(next) ?? _standby;
        }
    }

    /// <summary>The ticket the tracker issued for <paramref name="parent"/>, if it was the last one issued.</summary>
    public string? TicketFor(string parent)
    {
        lock (_lock)
        {
            return _ticket is { } t && t.Parent == parent ? t.Ticket : null;
        }
    }

    /// <summary>The standby ticket for <paramref name="backup"/>, if the last one issued names it.</summary>
    public string? StandbyTicketFor(string backup)
    {
        lock (_lock)
        {
            return _standby is { } t && t.Parent == backup ? t.Ticket : null;
        }
    }

    /// <summary>Drops the standby ticket for <paramref name="backup"/> once used (a newer one for another backup stays).</summary>
    public void ForgetStandbyTicket(string backup)
    {
        lock (_lock)
        {
            if (_standby is { } t && t.Parent == backup)
            {
                _standby = null;
            }
        }
    }

    private static (string, string)? Ticketed(ParentAssignmentDto a) =>
        a.Ticket is { } ticket && a.Parent is { } parent ? (parent.PeerId, ticket) : null;

    private static (string, string)? StandbyTicketed(ParentAssignmentDto a) =>
        a.StandbyTicket is { } ticket && a.Backups.Count > 0 ? (a.Backups[0].PeerId, ticket) : null;
}
