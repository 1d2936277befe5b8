using System.Text.Json;

namespace StreamMesh.Mesh.Tests.Tracker;

/// <summary>Request bodies and small flows shared by the tracker API tests.</summary>
internal static class TrackerRequests
{
    public static object Origin(string id, int capacity, double x = 0) => new
    {
        peerId = id,
        capacity,
        url = $"http://127.0.0.1:9001/{id}",
        coordinate = new { x, y = 0.0, height = 0.1 },
    };

    public static object Viewer(string id, double x, string? session = null) => new
    {
        peerId = id,
        role = "viewer",
        coordinate = new { x, y = 0.0, height = 0.1 },
        session,
    };

    public static object Relay(string id, int capacity, double x) => new
    {
        peerId = id,
        role = "relay",
        capacity,
        url = $"http://127.0.0.1:9100/{id}",
        coordinate = new { x, y = 0.0, height = 0.1 },
    };

    public static async Task<string> RegisterOriginAsync(TrackerServer server, string stream, string id, int capacity)
    {
        JsonElement registered = await server.PostJsonAsync($"/api/streams/{stream}/origins", Origin(id, capacity), 201);
        return registered.GetProperty("session").GetString()!;
    }

    /// <summary>Joins with the given body and confirms the given parent (or the top candidate); returns the confirm answer and the session.</summary>
    public static async Task<(JsonElement Assignment, string Session)> AttachAsync(TrackerServer server, string stream, object joinBody, string? parent = null)
    {
        JsonElement offer = await server.PostJsonAsync($"/api/streams/{stream}/join", joinBody);
        string session = offer.GetProperty("session").GetString()!;
        string peerId = offer.GetProperty("peerId").GetString()!;
        string choice = parent ?? offer.GetProperty("candidates")[0].GetProperty("peerId").GetString()!;
        JsonElement assignment = await server.PostJsonAsync($"/api/streams/{stream}/confirm", new { peerId, session, parents = new[] { choice } });
        return (assignment, session);
    }

    public static string Detail(JsonElement problem) => problem.GetProperty("detail").GetString()!;
}
