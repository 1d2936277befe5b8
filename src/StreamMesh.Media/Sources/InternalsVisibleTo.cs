using System.Runtime.CompilerServices;

// The source's parsers (Annex B splitter, IVF and PCM readers, ffmpeg log parsing) are tested directly.
[assembly: InternalsVisibleTo("StreamMesh.Media.Tests")]
