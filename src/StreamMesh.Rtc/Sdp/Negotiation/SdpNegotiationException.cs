namespace StreamMesh.Rtc.Sdp.Negotiation;

/// <summary>Thrown by <see cref="SdpAnswerer.CreateAnswer"/> and <see cref="SdpOfferer.ApplyAnswer"/> when negotiation fails.</summary>
public sealed class SdpNegotiationException : Exception
{
    public SdpNegotiationException()
        : this(new SdpNegotiationFailure(SdpNegotiationError.NoAcceptableMedia, "SDP negotiation failed."))
    {
    }

    public SdpNegotiationException(string message)
        : this(new SdpNegotiationFailure(SdpNegotiationError.NoAcceptableMedia, message))
    {
    }

    public SdpNegotiationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failure = new SdpNegotiationFailure(SdpNegotiationError.NoAcceptableMedia, message);
    }

    public SdpNegotiationException(SdpNegotiationFailure failure)
        : base(failure?.Message)
    {
        ArgumentNullException.ThrowIfNull(failure);
        Failure = failure;
    }

    public SdpNegotiationFailure Failure { get; }

    public SdpNegotiationError Error => Failure.Error;
}
