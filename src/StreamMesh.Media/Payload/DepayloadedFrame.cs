namespace StreamMesh.Media.Payload;

/// <summary>
/// A frame reassembled by a depayloader. <see cref="Data"/> points into the depayloader's own
/// buffer (or, for Opus, into the pushed payload) and is valid only until the next call to it.
/// </summary>
public readonly ref struct DepayloadedFrame
{
    /// <summary>Creates a frame view.</summary>
    public DepayloadedFrame(ReadOnlySpan<byte> data, uint timestamp, bool isKeyframe)
    {
        Data = data;
        Timestamp = timestamp;
        IsKeyframe = isKeyframe;
    }

    /// <summary>The frame: Annex B for H.264, a raw VP8 frame, or one Opus packet.</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>RTP timestamp shared by all packets of the frame.</summary>
    public uint Timestamp { get; }

    /// <summary>True when the frame can be decoded without any earlier frame.</summary>
    public bool IsKeyframe { get; }
}
