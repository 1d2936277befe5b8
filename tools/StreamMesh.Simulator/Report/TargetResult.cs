namespace StreamMesh.Simulator.Report;

/// <summary>One target from the issue, next to the measured value.</summary>
/// <param name="Name">What is measured.</param>
/// <param name="Target">The bound, as text.</param>
/// <param name="Measured">The measured value, as text.</param>
/// <param name="Met">Whether the target is met.</param>
public sealed record TargetResult(string Name, string Target, string Measured, bool Met);
