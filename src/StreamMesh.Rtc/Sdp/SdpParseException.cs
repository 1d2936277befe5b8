namespace StreamMesh.Rtc.Sdp;

/// <summary>Thrown by <see cref="SessionDescription.Parse"/> for malformed SDP; carries the failing line.</summary>
public sealed class SdpParseException : FormatException
{
    public SdpParseException()
        : this(new SdpParseError(0, "Malformed SDP."))
    {
    }

    public SdpParseException(string message)
        : this(new SdpParseError(0, message))
    {
    }

    public SdpParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = new SdpParseError(0, message);
    }

    public SdpParseException(SdpParseError error)
        : base(error?.ToString())
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    public SdpParseError Error { get; }

    /// <summary>1-based line number of the offending line, 0 for whole-input problems such as the size cap.</summary>
    public int LineNumber => Error.LineNumber;
}
