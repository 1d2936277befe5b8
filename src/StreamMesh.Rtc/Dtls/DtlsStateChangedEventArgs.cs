namespace StreamMesh.Rtc.Dtls;

/// <summary>Describes a <see cref="DtlsTransport"/> state transition.</summary>
public sealed class DtlsStateChangedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public DtlsStateChangedEventArgs(
        DtlsTransportState previous,
        DtlsTransportState state,
        DtlsHandshakeFailureReason? failureReason = null,
        byte? alertDescription = null)
    {
        Previous = previous;
        State = state;
        FailureReason = failureReason;
        AlertDescription = alertDescription;
    }

    /// <summary>The state before the transition.</summary>
    public DtlsTransportState Previous { get; }

    /// <summary>The new state.</summary>
    public DtlsTransportState State { get; }

    /// <summary>For <see cref="DtlsTransportState.Failed"/>: why.</summary>
    public DtlsHandshakeFailureReason? FailureReason { get; }

    /// <summary>The alert received from the peer that caused the transition (0 = close_notify), if any.</summary>
    public byte? AlertDescription { get; }
}
