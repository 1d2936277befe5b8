namespace StreamMesh.Simulator.Engine;

/// <summary>How a baseline tree picks parents.</summary>
public enum BaselinePolicy
{
    /// <summary>Uniformly random eligible parent.</summary>
    Random,

    /// <summary>Eligible parent with the lowest true RTT.</summary>
    OracleNearest,
}
