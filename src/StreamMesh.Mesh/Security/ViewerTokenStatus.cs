namespace StreamMesh.Mesh.Security;

/// <summary>Outcome of checking a viewer token.</summary>
public enum ViewerTokenStatus
{
    /// <summary>Signature, expiry and stream check out.</summary>
    Valid = 0,

    /// <summary>No token was presented.</summary>
    Missing = 1,

    /// <summary>Not a compact HS256 token with the expected header and claims.</summary>
    Malformed = 2,

    /// <summary>The HMAC does not verify with the operator's key (forged, altered or another key).</summary>
    BadSignature = 3,

    /// <summary>Past its expiry.</summary>
    Expired = 4,

    /// <summary>Issued for another stream.</summary>
    WrongStream = 5,
}
