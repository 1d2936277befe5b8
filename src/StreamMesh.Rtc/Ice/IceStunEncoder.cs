using System.Net;
using StreamMesh.Rtc.Stun;

namespace StreamMesh.Rtc.Ice;

/// <summary>Encodes the STUN messages an ICE agent sends (RFC 8445 §7.1, §7.3; RFC 8489 §9.1).</summary>
internal static class IceStunEncoder
{
    /// <summary>Large enough for two 256-character ufrags plus every other attribute.</summary>
    public const int MaxMessageSize = 1024;

    /// <summary>
    /// A connectivity or consent check: USERNAME "remote:local", PRIORITY of the would-be prflx
    /// candidate (§7.1.1), ICE-CONTROLLING/CONTROLLED with the tie-breaker (§7.1.3), USE-CANDIDATE when
    /// nominating (§7.1.2), MESSAGE-INTEGRITY keyed with the remote password, FINGERPRINT.
    /// </summary>
    public static int WriteCheck(
        Span<byte> buffer,
        StunTransactionId id,
        string remoteUfrag,
        string localUfrag,
        uint priority,
        IceRole role,
        ulong tieBreaker,
        bool useCandidate,
        ReadOnlySpan<byte> remoteKey)
    {
        var writer = new StunMessageWriter(buffer, StunMessageClass.Request, StunMethod.Binding, id);
        writer.WriteIceUsername(remoteUfrag, localUfrag);
        writer.WritePriority(priority);
        if (role == IceRole.Controlling)
        {
            writer.WriteIceControlling(tieBreaker);
        }
        else
        {
            writer.WriteIceControlled(tieBreaker);
        }

        if (useCandidate)
        {
            writer.WriteUseCandidate();
        }

        writer.WriteMessageIntegrity(remoteKey);
        writer.WriteFingerprint();
        return writer.Length;
    }

    /// <summary>
    /// A success response (RFC 8445 §7.3, RFC 8489 §9.1.3): XOR-MAPPED-ADDRESS of the request's source,
    /// MESSAGE-INTEGRITY keyed with our own password, FINGERPRINT.
    /// </summary>
    public static int WriteSuccess(Span<byte> buffer, StunTransactionId id, IPEndPoint source, ReadOnlySpan<byte> localKey)
    {
        var writer = new StunMessageWriter(buffer, StunMessageClass.SuccessResponse, StunMethod.Binding, id);
        writer.WriteXorMappedAddress(source);
        writer.WriteMessageIntegrity(localKey);
        writer.WriteFingerprint();
        return writer.Length;
    }

    /// <summary>
    /// An error response. 400 and 401 go without MESSAGE-INTEGRITY — the request could not be
    /// authenticated (RFC 8489 §9.1.3); others (487) carry it (RFC 8489 §9.1.4).
    /// </summary>
    public static int WriteError(Span<byte> buffer, StunTransactionId id, int code, ReadOnlySpan<byte> localKey)
    {
        var writer = new StunMessageWriter(buffer, StunMessageClass.ErrorResponse, StunMethod.Binding, id);
        writer.WriteErrorCode(code);
        if (!localKey.IsEmpty)
        {
            writer.WriteMessageIntegrity(localKey);
        }

        writer.WriteFingerprint();
        return writer.Length;
    }

    /// <summary>A plain Binding request to a STUN server (RFC 8489 §6.1), no credentials.</summary>
    public static int WriteServerReflexiveRequest(Span<byte> buffer, StunTransactionId id)
    {
        var writer = new StunMessageWriter(buffer, StunMessageClass.Request, StunMethod.Binding, id);
        writer.WriteFingerprint();
        return writer.Length;
    }
}
