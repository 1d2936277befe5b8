namespace StreamMesh.Rtc.Sdp.Negotiation;

/// <summary>The answer to send back (serialize with ToString()) and the negotiated session it establishes.</summary>
public sealed record SdpAnswer(SessionDescription Description, NegotiatedSession Session);
