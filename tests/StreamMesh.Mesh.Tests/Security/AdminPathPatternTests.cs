using StreamMesh.Mesh.Security;

namespace StreamMesh.Mesh.Tests.Security;

public class AdminPathPatternTests
{
    [Theory]
    [InlineData("/dashboard", "/dashboard", true)]
    [InlineData("/dashboard/", "/dashboard", true)]
    [InlineData("/DashBoard/app.js", "/dashboard", true)]
    [InlineData("/dashboards", "/dashboard", false)]
    [InlineData("/api/dashboard", "/api/dashboard", true)]
    [InlineData("/api/dashboard/streams", "/api/dashboard", true)]
    [InlineData("/api/admin/kick", "/api/admin", true)]
    [InlineData("/api/streams/live/tree", "/api/streams/*/tree", true)]
    [InlineData("/API/STREAMS/live/TREE", "/api/streams/*/tree", true)]
    [InlineData("/api/streams/live/join", "/api/streams/*/tree", false)]
    [InlineData("/api/streams//tree", "/api/streams/*/tree", false)]
    [InlineData("/api/streams", "/api/streams/*/tree", false)]
    [InlineData("/whep/live", "/dashboard", false)]
    [InlineData("", "/dashboard", false)]
    public void Matches_Paths_AsDocumented(string path, string pattern, bool expected)
    {
        Assert.Equal(expected, AdminPathPattern.Matches(path, pattern));
    }
}
