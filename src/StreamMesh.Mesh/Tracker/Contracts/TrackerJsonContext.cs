using System.Text.Json.Serialization;

namespace StreamMesh.Mesh.Tracker.Contracts;

/// <summary>
/// Source-generated serializers for the tracker API. Strict on input: unknown members, missing required members,
/// duplicate properties, numbers as strings and null where not allowed are all rejected.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowDuplicateProperties = false,
    NumberHandling = JsonNumberHandling.Strict,
    MaxDepth = 16)]
[JsonSerializable(typeof(OriginRegistrationDto))]
[JsonSerializable(typeof(OriginRegisteredDto))]
[JsonSerializable(typeof(JoinRequestDto))]
[JsonSerializable(typeof(JoinResponseDto))]
[JsonSerializable(typeof(ConfirmRequestDto))]
[JsonSerializable(typeof(ParentAssignmentDto))]
[JsonSerializable(typeof(HeartbeatRequestDto))]
[JsonSerializable(typeof(SessionRequestDto))]
[JsonSerializable(typeof(UnreachableRequestDto))]
[JsonSerializable(typeof(LeaveResponseDto))]
[JsonSerializable(typeof(TicketCheckRequestDto))]
[JsonSerializable(typeof(TicketCheckResponseDto))]
[JsonSerializable(typeof(TrackerKeyDto))]
[JsonSerializable(typeof(TreeDto))]
[JsonSerializable(typeof(IReadOnlyList<StreamSummaryDto>))]
[JsonSerializable(typeof(ProblemDto))]
public sealed partial class TrackerJsonContext : JsonSerializerContext
{
}
