using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using StreamMesh.Mesh.Tracker;

namespace StreamMesh.Mesh.Tests.Tracker;

/// <summary>A real Kestrel tracker on 127.0.0.1 with an ephemeral port, a fake clock and an HttpClient pointed at it.</summary>
internal sealed class TrackerServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TrackerServer(WebApplication app, FakeTimeProvider time, HttpClient client)
    {
        _app = app;
        Time = time;
        Client = client;
    }

    public FakeTimeProvider Time { get; }

    public HttpClient Client { get; }

    public TrackerService Service => _app.Services.GetRequiredService<TrackerService>();

    public TrackerMaintenanceService Maintenance => _app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<TrackerMaintenanceService>().Single();

    public static async Task<TrackerServer> StartAsync(TrackerOptions? options = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddStreamMeshTracker(options ?? new TrackerOptions { MaintenanceInterval = TimeSpan.FromSeconds(1), VerifyReports = false });
        WebApplication app = builder.Build();
        app.MapStreamMeshTracker();
        await app.StartAsync(TestTimeout.Token);
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        return new TrackerServer(app, time, client);
    }

    public Task<HttpResponseMessage> PostAsync(string path, object body) => Client.PostAsJsonAsync(path, body, TestTimeout.Token);

    public Task<HttpResponseMessage> PostRawAsync(string path, string body, string contentType = "application/json") =>
        Client.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType), TestTimeout.Token);

    public async Task<JsonElement> JsonAsync(HttpResponseMessage response, int expectedStatus)
    {
        string text = await response.Content.ReadAsStringAsync(TestTimeout.Token);
        Assert.True((int)response.StatusCode == expectedStatus, $"expected {expectedStatus}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> PostJsonAsync(string path, object body, int expectedStatus = 200) =>
        await JsonAsync(await PostAsync(path, body), expectedStatus);

    public async Task<string> TreeTextAsync(string stream) =>
        await (await Client.GetAsync($"/api/streams/{stream}/tree", TestTimeout.Token)).Content.ReadAsStringAsync(TestTimeout.Token);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
