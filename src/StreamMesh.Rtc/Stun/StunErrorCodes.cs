namespace StreamMesh.Rtc.Stun;

/// <summary>ERROR-CODE values used by ICE (RFC 8489 §14.8, RFC 8445 §7.3.1.1) and their reason phrases.</summary>
public static class StunErrorCodes
{
    /// <summary>400: the request was malformed, e.g. lacks USERNAME or MESSAGE-INTEGRITY (RFC 8489 §9.1.3).</summary>
    public const int BadRequest = 400;

    /// <summary>401: MESSAGE-INTEGRITY did not verify (RFC 8489 §9.1.3).</summary>
    public const int Unauthenticated = 401;

    /// <summary>420: a comprehension-required attribute was not understood (RFC 8489 §14.9).</summary>
    public const int UnknownAttribute = 420;

    /// <summary>487: both agents claim the same ICE role (RFC 8445 §7.3.1.1).</summary>
    public const int RoleConflict = 487;

    /// <summary>500: temporary server error.</summary>
    public const int ServerError = 500;

    /// <summary>The reason phrase RFC 8489 §14.8 and RFC 8445 §16.1 suggest for <paramref name="code"/>.</summary>
    public static string ReasonPhrase(int code) => code switch
    {
        BadRequest => "Bad Request",
        Unauthenticated => "Unauthenticated",
        UnknownAttribute => "Unknown Attribute",
        RoleConflict => "Role Conflict",
        ServerError => "Server Error",
        _ => "Error",
    };
}
