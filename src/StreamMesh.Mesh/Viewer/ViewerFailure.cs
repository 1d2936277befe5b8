namespace StreamMesh.Mesh.Viewer;

/// <summary>Why a headless viewer could not watch; each maps to its own process exit code.</summary>
public enum ViewerFailure
{
    /// <summary>The parent URL is not an absolute http(s) URL.</summary>
    BadUrl = 2,

    /// <summary>The parent answered 404: it serves no stream of that name.</summary>
    StreamNotFound = 3,

    /// <summary>No HTTP connection could be made to the parent (refused, DNS, timeout).</summary>
    Unreachable = 4,

    /// <summary>The parent answered the WHEP offer with an error other than 404, or with no usable SDP.</summary>
    Refused = 5,

    /// <summary>ICE or DTLS failed, or no media arrived after connecting.</summary>
    ConnectionFailed = 6,

    /// <summary>ffmpeg could not write the recording.</summary>
    RecordingFailed = 7,
}
