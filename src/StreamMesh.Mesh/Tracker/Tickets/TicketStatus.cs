namespace StreamMesh.Mesh.Tracker.Tickets;

/// <summary>Outcome of checking a ticket.</summary>
public enum TicketStatus
{
    /// <summary>Signature, expiry, audience and stream check out and the ticket had not been used.</summary>
    Valid = 0,

    /// <summary>Not a compact JWS with the expected header and claims.</summary>
    Malformed = 1,

    /// <summary>The signature does not verify with the tracker's key (forged or altered).</summary>
    BadSignature = 2,

    /// <summary>Past its expiry.</summary>
    Expired = 3,

    /// <summary>Issued for another parent.</summary>
    WrongParent = 4,

    /// <summary>Issued for another stream.</summary>
    WrongStream = 5,

    /// <summary>Already presented once within its lifetime.</summary>
    Replayed = 6,
}
