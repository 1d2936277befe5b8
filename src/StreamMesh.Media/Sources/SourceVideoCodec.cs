namespace StreamMesh.Media.Sources;

/// <summary>Video codec a media source encodes to; both are mandatory-to-implement for WebRTC (RFC 7742 §5).</summary>
public enum SourceVideoCodec
{
    /// <summary>H.264 constrained baseline from libx264, delivered as Annex B access units.</summary>
    H264,

    /// <summary>VP8 from libvpx, delivered one frame per access unit.</summary>
    VP8,
}
