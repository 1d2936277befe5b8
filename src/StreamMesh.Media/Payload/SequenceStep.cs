namespace StreamMesh.Media.Payload;

/// <summary>How a received sequence number relates to the one expected.</summary>
internal enum SequenceStep
{
    /// <summary>The first packet, or exactly the expected one.</summary>
    InOrder,

    /// <summary>Ahead of the expected number by a plausible distance: packets were lost.</summary>
    Gap,

    /// <summary>Behind the expected number, within the misorder window: reordered or duplicated.</summary>
    Late,

    /// <summary>A jump too large to be loss: the sender restarted its sequence.</summary>
    Restart,
}
