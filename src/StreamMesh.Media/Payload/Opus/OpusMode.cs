namespace StreamMesh.Media.Payload.Opus;

/// <summary>Coding mode selected by an Opus TOC configuration (RFC 6716 §3.1, Table 2).</summary>
public enum OpusMode
{
    /// <summary>SILK only (linear prediction; configurations 0–11).</summary>
    Silk,

    /// <summary>SILK for the low band plus CELT above 8 kHz (configurations 12–15).</summary>
    Hybrid,

    /// <summary>CELT only (MDCT; configurations 16–31). Carries no in-band FEC.</summary>
    Celt,
}
