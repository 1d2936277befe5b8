using System.Runtime.CompilerServices;

// The SRTP tests drive the transforms with the session keys RFC 7714 §16-17 publish, and compare the
// AES-NI path with the platform one.
[assembly: InternalsVisibleTo("StreamMesh.Rtc.Tests")]
