using System.Net;

namespace StreamMesh.Mesh.Tree;

/// <summary>The tracker refused a request or could not be reached; <see cref="Exception.Message"/> says which, for the operator.</summary>
public sealed class TrackerRequestException(string message, HttpStatusCode? status = null, Exception? inner = null) : Exception(message, inner)
{
    public HttpStatusCode? Status { get; } = status;
}
