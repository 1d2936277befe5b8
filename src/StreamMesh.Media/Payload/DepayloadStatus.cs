namespace StreamMesh.Media.Payload;

/// <summary>What a depayloader did with one pushed packet.</summary>
public enum DepayloadStatus
{
    /// <summary>The packet was accepted; its frame is not complete yet.</summary>
    Buffered,

    /// <summary>The packet completed a frame, which is in the out parameter.</summary>
    FrameReady,

    /// <summary>
    /// The packet was ignored: empty (padding), late or duplicated, a reserved type, or part of a
    /// frame already dropped.
    /// </summary>
    Ignored,

    /// <summary>The packet was malformed or unsupported; it and its frame were dropped.</summary>
    Malformed,

    /// <summary>The frame was dropped because it outgrew the size bound.</summary>
    FrameDropped,

    /// <summary>A complete frame was withheld because the decoder needs a keyframe first.</summary>
    AwaitingKeyframe,
}
