using System.Text.Json.Serialization;

namespace StreamMesh.Mesh.Tracker.Contracts;

/// <summary>Peer role on the wire.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrackerPeerRole>))]
public enum TrackerPeerRole
{
    /// <summary>A root of the stream.</summary>
    [JsonStringEnumMemberName("origin")]
    Origin = 0,

    /// <summary>A headless distributing node.</summary>
    [JsonStringEnumMemberName("relay")]
    Relay = 1,

    /// <summary>A viewer that never forwards.</summary>
    [JsonStringEnumMemberName("viewer")]
    Viewer = 2,

    /// <summary>A viewer that forwards to a few children.</summary>
    [JsonStringEnumMemberName("relayCapableViewer")]
    RelayCapableViewer = 3,
}
