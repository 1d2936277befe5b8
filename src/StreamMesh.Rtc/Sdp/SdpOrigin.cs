using System.Diagnostics.CodeAnalysis;

namespace StreamMesh.Rtc.Sdp;

/// <summary>
/// The "o=" line: <c>o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt; &lt;addrtype&gt; &lt;unicast-address&gt;</c>
/// (RFC 8866 §5.2). The session id is kept as its digit string because RFC 8866 does not bound its length.
/// </summary>
public sealed record SdpOrigin(
    string Username,
    string SessionId,
    ulong SessionVersion,
    string NetworkType,
    string AddressType,
    string UnicastAddress)
{
    /// <summary>What JSEP endpoints send: <c>o=- &lt;id&gt; &lt;version&gt; IN IP4 127.0.0.1</c> (RFC 8829 §5.2.1).</summary>
    public static SdpOrigin Create(string sessionId, ulong sessionVersion) =>
        new("-", sessionId, sessionVersion, "IN", "IP4", "127.0.0.1");

    public static bool TryParse(string value, [NotNullWhen(true)] out SdpOrigin? origin)
    {
        origin = null;
        string[] fields = value.Split(' ');
        if (fields.Length != 6
            || !SdpToken.IsVisibleText(fields[0])
            || !SdpNumber.IsDigits(fields[1])
            || !SdpNumber.TryParseULong(fields[2], out ulong version)
            || !SdpToken.IsToken(fields[3])
            || !SdpToken.IsToken(fields[4])
            || !SdpToken.IsVisibleText(fields[5]))
        {
            return false;
        }

        origin = new SdpOrigin(fields[0], fields[1], version, fields[3], fields[4], fields[5]);
        return true;
    }

    public override string ToString() =>
        $"{Username} {SessionId} {SdpNumber.Format(SessionVersion)} {NetworkType} {AddressType} {UnicastAddress}";
}
