namespace StreamMesh.Topology; internal static class AssemblyMarker { }
