namespace StreamMesh.Rtc.Sdp.Negotiation;

/// <summary>A failed negotiation: what went wrong, and a message fit for an HTTP 400/422 response body.</summary>
public sealed record SdpNegotiationFailure(SdpNegotiationError Error, string Message)
{
    public override string ToString() => $"{Error}: {Message}";
}
