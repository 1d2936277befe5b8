using System.Diagnostics.CodeAnalysis;

namespace StreamMesh.Rtc.Sdp;

/// <summary>
/// The "c=" line: <c>c=&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt;</c> (RFC 8866 §5.7).
/// The address keeps any "/ttl" or "/count" suffix verbatim.
/// </summary>
public sealed record SdpConnection(string NetworkType, string AddressType, string Address)
{
    /// <summary>The dummy "IN IP4 0.0.0.0" used before candidates are known (RFC 8840 §5.1, RFC 8829 §5.2.1).</summary>
    public static SdpConnection Unspecified { get; } = new("IN", "IP4", "0.0.0.0");

    public static bool TryParse(string value, [NotNullWhen(true)] out SdpConnection? connection)
    {
        connection = null;
        string[] fields = value.Split(' ');
        if (fields.Length != 3
            || !SdpToken.IsToken(fields[0])
            || !SdpToken.IsToken(fields[1])
            || !SdpToken.IsVisibleText(fields[2]))
        {
            return false;
        }

        connection = new SdpConnection(fields[0], fields[1], fields[2]);
        return true;
    }

    public override string ToString() => $"{NetworkType} {AddressType} {Address}";
}
