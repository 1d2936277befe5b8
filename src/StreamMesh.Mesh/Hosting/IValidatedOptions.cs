namespace StreamMesh.Mesh.Hosting;

/// <summary>An options record that checks itself; <see cref="Validate"/> throws <see cref="ArgumentException"/> with a message for the operator.</summary>
public interface IValidatedOptions
{
    void Validate();
}
