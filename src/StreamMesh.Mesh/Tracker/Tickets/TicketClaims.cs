namespace StreamMesh.Mesh.Tracker.Tickets;

/// <summary>What a ticket grants: <paramref name="ChildId"/> may connect to <paramref name="ParentId"/> for <paramref name="Stream"/> until <paramref name="ExpiresAt"/>, once.</summary>
/// <param name="Stream">Stream name.</param>
/// <param name="ChildId">The peer the slot was reserved for (JWT "sub").</param>
/// <param name="ParentId">The parent that must accept it (JWT "aud").</param>
/// <param name="ExpiresAt">End of validity (JWT "exp", whole seconds).</param>
/// <param name="Nonce">Unique id used for single-use enforcement (JWT "jti").</param>
public sealed record TicketClaims(string Stream, string ChildId, string ParentId, DateTimeOffset ExpiresAt, string Nonce);
