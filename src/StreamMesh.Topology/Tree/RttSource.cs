namespace StreamMesh.Topology.Tree;

/// <summary>Where an RTT used for ranking came from.</summary>
public enum RttSource
{
    /// <summary>The peer probed the candidate and reported the RTT.</summary>
    Measured = 0,

    /// <summary>Predicted from the two peers' Vivaldi coordinates.</summary>
    Predicted = 1,
}
