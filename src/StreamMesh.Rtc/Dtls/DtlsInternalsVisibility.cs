using System.Runtime.CompilerServices;

// The record-framing check and the RFC 5764 §4.2 key layout are tested directly with annotated vectors.
[assembly: InternalsVisibleTo("StreamMesh.Rtc.Tests")]
