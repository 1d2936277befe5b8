using System.Diagnostics.CodeAnalysis;

namespace StreamMesh.Rtc.Sdp;

/// <summary>
/// A "t=" line and the "r=" lines that follow it (RFC 8866 §5.9, §5.10). WebRTC always uses <c>t=0 0</c>;
/// repeat times are kept verbatim only so that they round-trip.
/// </summary>
public sealed record SdpTiming(ulong StartTime, ulong StopTime)
{
    /// <summary>The unbounded session, <c>t=0 0</c>.</summary>
    public static SdpTiming Unbounded { get; } = new(0, 0);

    /// <summary>Raw values of the "r=" lines that follow this "t=" line.</summary>
    public IReadOnlyList<string> RepeatTimes { get; init; } = [];

    public static bool TryParse(string value, [NotNullWhen(true)] out SdpTiming? timing)
    {
        timing = null;
        string[] fields = value.Split(' ');
        if (fields.Length != 2
            || !SdpNumber.TryParseULong(fields[0], out ulong start)
            || !SdpNumber.TryParseULong(fields[1], out ulong stop))
        {
            return false;
        }

        timing = new SdpTiming(start, stop);
        return true;
    }

    public override string ToString() => $"{SdpNumber.Format(StartTime)} {SdpNumber.Format(StopTime)}";
}
