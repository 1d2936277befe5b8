namespace StreamMesh.Media.Audio;

/// <summary>What the encoder should assume about the content (it biases SILK versus CELT).</summary>
public enum OpusSignalHint
{
    /// <summary>Let the encoder classify the signal.</summary>
    Auto,

    /// <summary>Speech: favours SILK/hybrid, which carry in-band FEC.</summary>
    Voice,

    /// <summary>Music: favours CELT, which has no in-band FEC.</summary>
    Music,
}
