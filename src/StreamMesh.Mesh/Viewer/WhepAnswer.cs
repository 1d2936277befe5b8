namespace StreamMesh.Mesh.Viewer;

/// <summary>A WHEP server's 201 response: the SDP answer and the session resource to DELETE at the end.</summary>
public sealed record WhepAnswer(string AnswerSdp, Uri? SessionUrl);
