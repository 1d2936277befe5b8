using System.Diagnostics.CodeAnalysis;

namespace StreamMesh.Rtc.Sdp;

/// <summary>The "b=" line: <c>b=&lt;bwtype&gt;:&lt;bandwidth&gt;</c>, e.g. AS (kbit/s) or TIAS (bit/s) (RFC 8866 §5.8, RFC 3890).</summary>
public sealed record SdpBandwidth(string Type, ulong Value)
{
    public static bool TryParse(string value, [NotNullWhen(true)] out SdpBandwidth? bandwidth)
    {
        bandwidth = null;
        int colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0
            || !SdpToken.IsToken(value[..colon])
            || !SdpNumber.TryParseULong(value.AsSpan(colon + 1), out ulong amount))
        {
            return false;
        }

        bandwidth = new SdpBandwidth(value[..colon], amount);
        return true;
    }

    public override string ToString() => $"{Type}:{SdpNumber.Format(Value)}";
}
