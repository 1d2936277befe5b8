namespace StreamMesh.Media.Payload.H264;

/// <summary>
/// NAL unit types of H.264 Table 7-1 that matter to packetization, plus the RTP-only types of
/// RFC 6184 §5.2 Table 1.
/// </summary>
public enum H264NalUnitType : byte
{
    /// <summary>Unspecified; RFC 6184 §5.2 says receivers ignore it.</summary>
    Unspecified = 0,

    /// <summary>Coded slice of a non-IDR picture.</summary>
    NonIdrSlice = 1,

    /// <summary>Coded slice data partition A.</summary>
    SliceDataPartitionA = 2,

    /// <summary>Coded slice data partition B.</summary>
    SliceDataPartitionB = 3,

    /// <summary>Coded slice data partition C.</summary>
    SliceDataPartitionC = 4,

    /// <summary>Coded slice of an IDR picture: a keyframe.</summary>
    IdrSlice = 5,

    /// <summary>Supplemental enhancement information.</summary>
    Sei = 6,

    /// <summary>Sequence parameter set.</summary>
    Sps = 7,

    /// <summary>Picture parameter set.</summary>
    Pps = 8,

    /// <summary>Access unit delimiter; redundant over RTP, where the timestamp delimits access units.</summary>
    AccessUnitDelimiter = 9,

    /// <summary>End of sequence.</summary>
    EndOfSequence = 10,

    /// <summary>End of stream.</summary>
    EndOfStream = 11,

    /// <summary>Filler data; only pads constant-bitrate streams, so it is not sent.</summary>
    FillerData = 12,

    /// <summary>Single-time aggregation packet, RFC 6184 §5.7.1.</summary>
    StapA = 24,

    /// <summary>Single-time aggregation packet with DON (interleaved mode only).</summary>
    StapB = 25,

    /// <summary>Multi-time aggregation packet, 16-bit offsets (interleaved mode only).</summary>
    Mtap16 = 26,

    /// <summary>Multi-time aggregation packet, 24-bit offsets (interleaved mode only).</summary>
    Mtap24 = 27,

    /// <summary>Fragmentation unit, RFC 6184 §5.8.</summary>
    FuA = 28,

    /// <summary>Fragmentation unit with DON (interleaved mode only).</summary>
    FuB = 29,
}
