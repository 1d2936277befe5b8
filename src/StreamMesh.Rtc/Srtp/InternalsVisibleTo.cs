using System.Runtime.CompilerServices;

// The SRTP tests drive the transforms with the session keys RFC 7714 §16-17 publish and compare the
// AES-NI path with the platform one; the benchmarks measure the two cipher paths side by side.
[assembly: InternalsVisibleTo("StreamMesh.Rtc.Tests")]
[assembly: InternalsVisibleTo("StreamMesh.Benchmarks")]
