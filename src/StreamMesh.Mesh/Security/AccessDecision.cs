using StreamMesh.Mesh.Tracker.Contracts;

namespace StreamMesh.Mesh.Security;

/// <summary>Result of <see cref="TrackerAccessPolicy.CheckJoin"/>: the admitted body (site pinned by the token) or a refusal.</summary>
/// <param name="Body">The join body to use when admitted.</param>
/// <param name="Status">0 when admitted, else 401 (no credential / bad node key) or 403 (a credential that does not grant this).</param>
/// <param name="Title">Problem title.</param>
/// <param name="Detail">Problem detail for the joiner.</param>
public sealed record AccessDecision(JoinRequestDto Body, int Status, string Title, string Detail)
{
    /// <summary>True when the joiner may proceed.</summary>
    public bool IsAdmitted => Status == 0;

    internal static AccessDecision Admit(JoinRequestDto body) => new(body, 0, string.Empty, string.Empty);
}
