namespace StreamMesh.Mesh.Tracker.Tickets;

/// <summary>Result of <see cref="TicketVerifier.Verify"/>.</summary>
/// <param name="Status">Why the ticket was accepted or refused.</param>
/// <param name="Claims">The claims when the ticket could be decoded (also for refused tickets whose signature verified).</param>
public sealed record TicketVerification(TicketStatus Status, TicketClaims? Claims)
{
    /// <summary>True when the ticket may be honoured.</summary>
    public bool IsValid => Status == TicketStatus.Valid;
}
