namespace StreamMesh.Chaos;

/// <summary>One <c>kill -9</c>: when (seconds into the hold), whom, how many children it had, and its replacement.</summary>
public sealed record KillRecord(double AtSeconds, string Killed, string Site, int Children, string? Replacement, string? ReplacementSite);
