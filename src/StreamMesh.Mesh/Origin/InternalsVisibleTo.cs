using System.Runtime.CompilerServices;

// The origin's packetizing and timing (StreamPublisher, TrackPacketizer, TrackTimeline) are internal; their tests are not.
[assembly: InternalsVisibleTo("StreamMesh.Mesh.Tests")]
