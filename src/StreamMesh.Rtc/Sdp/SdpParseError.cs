namespace StreamMesh.Rtc.Sdp;

/// <summary>Why an SDP was rejected: 1-based line number (0 when the whole input is at fault) and a message.</summary>
public sealed record SdpParseError(int LineNumber, string Message)
{
    public override string ToString() => LineNumber > 0 ? $"SDP line {LineNumber}: {Message}" : $"SDP: {Message}";
}
