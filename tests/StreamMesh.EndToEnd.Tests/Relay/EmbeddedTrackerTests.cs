using System.Net;
using System.Text;
using StreamMesh.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests.Relay;

/// <summary>An origin with the tracker embedded: one process serves the tracker API and registers itself as the root.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class EmbeddedTrackerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Origin_EmbedTracker_RegistersItselfAndRequiresTickets()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", "testsrc", "--stream", "demo", "--embed-tracker", "true", "--peer-id", "origin-a"], cts.Token);
        using var http = new HttpClient();

        string tree = string.Empty;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline && !tree.Contains("\"origin-a\"", StringComparison.Ordinal))
        {
            using var response = await http.GetAsync(new Uri($"{origin.HttpBase}/api/streams/demo/tree"), cts.Token);
            tree = await response.Content.ReadAsStringAsync(cts.Token);
            await Task.Delay(200, cts.Token);
        }

        output.WriteLine(tree);
        Assert.Contains("\"id\":\"origin-a\",\"role\":\"origin\"", tree, StringComparison.Ordinal);

        using var refused = await http.PostAsync(new Uri($"{origin.HttpBase}/whep/demo"), new StringContent("v=0\r\n", Encoding.UTF8, "application/sdp"), cts.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
