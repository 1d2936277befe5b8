namespace StreamMesh.Mesh.Viewer;

/// <summary>A failure of the headless viewer with a message meant for the person at the terminal.</summary>
public sealed class ViewerException : Exception
{
    public ViewerException()
        : this(ViewerFailure.ConnectionFailed, "the viewer failed")
    {
    }

    public ViewerException(string message)
        : this(ViewerFailure.ConnectionFailed, message)
    {
    }

    public ViewerException(string message, Exception innerException)
        : this(ViewerFailure.ConnectionFailed, message, innerException)
    {
    }

    public ViewerException(ViewerFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    public ViewerFailure Failure { get; }

    /// <summary>The process exit code for this failure (2-7; 0 is success, 1 is reserved for the unexpected).</summary>
    public int ExitCode => (int)Failure;
}
