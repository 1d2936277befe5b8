using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using StreamMesh.Mesh.Tracker.Contracts;

namespace StreamMesh.Mesh.Tree;

/// <summary>Typed calls to the tracker's JSON API (docs/tracker-api.md), used by origins and relays.</summary>
public sealed class TrackerClient(HttpClient http, Uri trackerBase)
{
    private static readonly TrackerJsonContext Json = TrackerJsonContext.Default;

    public Uri BaseAddress { get; } = trackerBase;

    public Task<IReadOnlyList<StreamSummaryDto>> ListStreamsAsync(CancellationToken cancellationToken) =>
        GetAsync("api/streams", Json.IReadOnlyListStreamSummaryDto, cancellationToken);

    public Task<TrackerKeyDto> GetKeyAsync(CancellationToken cancellationToken) =>
        GetAsync("api/tracker/key", Json.TrackerKeyDto, cancellationToken);

    public Task<OriginRegisteredDto> RegisterOriginAsync(string stream, OriginRegistrationDto registration, string? originToken, CancellationToken cancellationToken) =>
        PostAsync($"api/streams/{Uri.EscapeDataString(stream)}/origins", registration, Json.OriginRegistrationDto, Json.OriginRegisteredDto, originToken, cancellationToken);

    public Task<JoinResponseDto> JoinAsync(string stream, JoinRequestDto request, CancellationToken cancellationToken) =>
        PostAsync($"api/streams/{Uri.EscapeDataString(stream)}/join", request, Json.JoinRequestDto, Json.JoinResponseDto, null, cancellationToken);

    public Task<ParentAssignmentDto> ConfirmAsync(string stream, ConfirmRequestDto request, CancellationToken cancellationToken) =>
        PostAsync($"api/streams/{Uri.EscapeDataString(stream)}/confirm", request, Json.ConfirmRequestDto, Json.ParentAssignmentDto, null, cancellationToken);

    public Task<ParentAssignmentDto> HeartbeatAsync(string stream, HeartbeatRequestDto request, CancellationToken cancellationToken) =>
        PostAsync($"api/streams/{Uri.EscapeDataString(stream)}/heartbeat", request, Json.HeartbeatRequestDto, Json.ParentAssignmentDto, null, cancellationToken);

    public Task<ParentAssignmentDto> ReportUnreachableAsync(string stream, UnreachableRequestDto request, CancellationToken cancellationToken) =>
        PostAsync($"api/streams/{Uri.EscapeDataString(stream)}/unreachable", request, Json.UnreachableRequestDto, Json.ParentAssignmentDto, null, cancellationToken);

    public Task<LeaveResponseDto> LeaveAsync(string stream, SessionRequestDto request, CancellationToken cancellationToken) =>
        PostAsync($"api/streams/{Uri.EscapeDataString(stream)}/leave", request, Json.SessionRequestDto, Json.LeaveResponseDto, null, cancellationToken);

    private async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(BaseAddress, path)), cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, type, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TResponse> PostAsync<TRequest, TResponse>(string path, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, string? bearer, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseAddress, path)) { Content = JsonContent.Create(body, requestType) };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, responseType, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            try
            {
                return await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                throw new TrackerRequestException($"the tracker at {BaseAddress} cannot be reached: {ex.Message}", null, ex);
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TrackerRequestException($"the tracker at {BaseAddress} did not answer in time", null, ex);
            }
        }
    }

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (JsonSerializer.Deserialize(detail, Json.ProblemDto) is { } problem)
                {
                    detail = $"{problem.Title}: {problem.Detail}";
                }
            }
            catch (JsonException)
            {
                // not a problem document; keep the raw text
            }

            throw new TrackerRequestException($"the tracker answered {(int)response.StatusCode}: {detail}", response.StatusCode);
        }

        return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
            ?? throw new TrackerRequestException("the tracker sent an empty answer");
    }
}
