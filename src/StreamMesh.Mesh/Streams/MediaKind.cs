namespace StreamMesh.Mesh.Streams;

public enum MediaKind
{
    Audio,
    Video,
}
