using Microsoft.AspNetCore.Http.Features;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using StreamMesh.Mesh.Security;
using StreamMesh.Mesh.Tests.Tracker;

namespace StreamMesh.Mesh.Tests.Security;

/// <summary>The admin-token and rate-limit middleware on a real Kestrel with a fake clock.</summary>
public sealed class SecurityMiddlewareTests : IAsyncLifetime
{
    private const string AdminToken = "admin-token-0123456789";
    private readonly FakeTimeProvider _time = new();
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private Uri _base = null!;

    public async Task InitializeAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Admin:Token"] = AdminToken,
            ["Limits:TrackerRequestsPerSecondPerAddress"] = "1",
            ["Limits:TrackerBurstPerAddress"] = "3",
            ["Limits:SessionsPerSecondPerAddress"] = "1",
            ["Limits:SessionBurstPerAddress"] = "2",
        });
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddStreamMeshSecurity(builder.Configuration);
        _app = builder.Build();
        _app.UseStreamMeshSecurity();
        _app.MapGet("/dashboard", () => Results.Text("dashboard page"));
        _app.MapGet("/api/dashboard/streams", () => Results.Text("[]"));
        _app.MapGet("/api/streams/{stream}/tree", () => Results.Text("{}"));
        _app.MapGet("/api/streams", () => Results.Text("[]"));
        _app.MapPost("/whep/{stream}", () => Results.Text("answer", statusCode: 201));
        _app.MapDelete("/whep/{stream}/sessions/{id}", () => Results.Ok());
        _app.MapPost("/big", () => Results.Text("too big", statusCode: 413));
        await _app.StartAsync(TestTimeout.Token);
        _base = new Uri(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        _client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = _base };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/DASHBOARD")]
    [InlineData("/api/dashboard/streams")]
    [InlineData("/api/admin/anything")]
    [InlineData("/api/streams/live/tree")]
    public async Task AdminPath_WithoutToken_401WithBearerChallenge(string path)
    {
        using HttpResponseMessage response = await _client.GetAsync(path, TestTimeout.Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.True(Counters.Refusals(LimitKind.AdminToken) >= 1);
    }

    [Fact]
    public async Task AdminPath_WrongBearer_401RightBearer_200()
    {
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/dashboard/streams");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "admin-token-0123456788");
        using var right = new HttpRequestMessage(HttpMethod.Get, "/api/dashboard/streams");
        right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);

        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendAsync(wrong, TestTimeout.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(right, TestTimeout.Token)).StatusCode);
    }

    [Fact]
    public async Task DashboardQueryToken_SetsHttpOnlyCookieAndRedirectsWithoutToken_CookieThenAdmits()
    {
        using HttpResponseMessage redirect = await _client.GetAsync($"/dashboard?stream=live&token={AdminToken}", TestTimeout.Token);

        Assert.Equal(HttpStatusCode.SeeOther, redirect.StatusCode);
        Assert.Equal("/dashboard?stream=live", redirect.Headers.Location!.OriginalString);
        string setCookie = redirect.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(AdminToken, setCookie, StringComparison.Ordinal);

        using var withCookie = new HttpRequestMessage(HttpMethod.Get, "/dashboard?stream=live");
        withCookie.Headers.Add("Cookie", setCookie.Split(';')[0]);
        using HttpResponseMessage page = await _client.SendAsync(withCookie, TestTimeout.Token);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        using var forged = new HttpRequestMessage(HttpMethod.Get, "/dashboard");
        forged.Headers.Add("Cookie", $"{AdminTokenMiddleware.CookieName}=AAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendAsync(forged, TestTimeout.Token)).StatusCode);
    }

    [Fact]
    public async Task ApiPathWithQueryToken_401()
    {
        using HttpResponseMessage response = await _client.GetAsync($"/api/dashboard/streams?token={AdminToken}", TestTimeout.Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task OpenPaths_NeedNoToken()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/streams", TestTimeout.Token)).StatusCode);
    }

    [Fact]
    public async Task TrackerRequests_OverBurst_429WithRetryAfterThenAdmittedAfterRefill()
    {
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/streams", TestTimeout.Token)).StatusCode);
        }

        using HttpResponseMessage limited = await _client.GetAsync("/api/streams", TestTimeout.Token);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), limited.Headers.RetryAfter!.Delta);
        Assert.Equal(1, Counters.Refusals(LimitKind.TrackerRate));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/streams", TestTimeout.Token)).StatusCode);
    }

    [Fact]
    public async Task WhepOffers_OverBurst_429ButDeletesNotCounted()
    {
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync("/whep/live", new StringContent("v=0"), TestTimeout.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync("/whep/live", new StringContent("v=0"), TestTimeout.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await _client.PostAsync("/WHEP/live", new StringContent("v=0"), TestTimeout.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.DeleteAsync("/whep/live/sessions/abc", TestTimeout.Token)).StatusCode);
        Assert.Equal(1, Counters.Refusals(LimitKind.SessionRate));
    }

    [Fact]
    public async Task TooLargeAnswers_CountedAsBodySize()
    {
        await _client.PostAsync("/big", new StringContent("x"), TestTimeout.Token);

        Assert.Equal(1, Counters.Refusals(LimitKind.BodySize));
    }

    private LimitCounters Counters => _app.Services.GetRequiredService<LimitCounters>();
}
