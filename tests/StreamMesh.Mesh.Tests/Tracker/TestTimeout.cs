namespace StreamMesh.Mesh.Tests.Tracker;

/// <summary>Cancellation for test I/O so a hung server fails the test instead of the run.</summary>
internal static class TestTimeout
{
    private static readonly CancellationTokenSource Timeout = new(TimeSpan.FromMinutes(10));

    public static CancellationToken Token => Timeout.Token;
}
