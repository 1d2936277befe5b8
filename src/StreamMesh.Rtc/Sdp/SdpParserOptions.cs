namespace StreamMesh.Rtc.Sdp;

/// <summary>Limits applied while parsing untrusted SDP.</summary>
public sealed record SdpParserOptions
{
    public static SdpParserOptions Default { get; } = new();

    /// <summary>
    /// Largest accepted SDP in characters (bytes for UTF-8 input). 64 KiB holds a browser offer with dozens
    /// of transceivers; a typical audio+video offer is 6-8 KiB.
    /// </summary>
    public int MaxLength { get; init; } = 64 * 1024;

    /// <summary>Largest accepted number of m= sections.</summary>
    public int MaxMediaSections { get; init; } = 64;

    public void Validate()
    {
        if (MaxLength is < 128 or > 16 * 1024 * 1024)
        {
            throw new ArgumentException($"MaxLength must be between 128 and 16 MiB, was {MaxLength}.", nameof(MaxLength));
        }

        if (MaxMediaSections is < 1 or > 1024)
        {
            throw new ArgumentException($"MaxMediaSections must be between 1 and 1024, was {MaxMediaSections}.", nameof(MaxMediaSections));
        }
    }
}
