namespace StreamMesh.Rtc.Dtls;

/// <summary>What our BouncyCastle client/server peers need from the options, captured once per handshake.</summary>
internal sealed class DtlsEndpointSettings
{
    public DtlsEndpointSettings(DtlsTransportOptions options)
    {
        Certificate = options.Certificate;
        RemoteFingerprint = options.RemoteFingerprint;
        InitialRetransmitMillis = (int)Math.Ceiling(options.InitialRetransmitTimeout.TotalMilliseconds);

        SrtpProfiles = new int[options.SrtpProfiles.Count];
        for (int i = 0; i < SrtpProfiles.Length; i++)
        {
            SrtpProfiles[i] = (int)options.SrtpProfiles[i];
        }
    }

    public DtlsCertificate Certificate { get; }

    public DtlsFingerprint RemoteFingerprint { get; }

    /// <summary>SRTPProtectionProfile values (RFC 5764 §4.1.2) in preference order.</summary>
    public int[] SrtpProfiles { get; }

    public int InitialRetransmitMillis { get; }
}
