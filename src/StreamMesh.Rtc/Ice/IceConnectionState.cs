namespace StreamMesh.Rtc.Ice;

/// <summary>Lifecycle of an <see cref="IceAgent"/>, shaped like the W3C RTCIceConnectionState.</summary>
public enum IceConnectionState
{
    /// <summary>Created; answers checks but sends none until started.</summary>
    New,

    /// <summary>Performing connectivity checks; no pair selected yet.</summary>
    Checking,

    /// <summary>A pair is selected and the peer is answering.</summary>
    Connected,

    /// <summary>
    /// Selected pair silent for <see cref="IceAgentOptions.DisconnectedTimeout"/>; consent not yet
    /// expired, so it may come back to <see cref="Connected"/>.
    /// </summary>
    Disconnected,

    /// <summary>No pair could be selected in time, or consent expired (RFC 7675 §5.1). Terminal.</summary>
    Failed,

    /// <summary>Closed by the owner. Terminal.</summary>
    Closed,
}
