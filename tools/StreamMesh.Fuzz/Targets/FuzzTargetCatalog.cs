using StreamMesh.Fuzz.Engine;

namespace StreamMesh.Fuzz.Targets;

/// <summary>Every parser the tool fuzzes, in report order.</summary>
public static class FuzzTargetCatalog
{
    public static IReadOnlyList<string> Names { get; } =
        ["stun", "rtp", "rtx", "rtcp", "srtp", "srtcp", "sdp", "ice-candidate", "dtls-fingerprint", "dtls-record", "h264", "vp8", "opus", "opus-inspector",
         "tracker-json", "site-csv", "viewer-token", "ticket"];

    /// <summary>A fresh target (targets hold state; dispose the disposable ones).</summary>
    public static FuzzTarget Create(string name) => name switch
    {
        "stun" => new StunTarget(),
        "rtp" => new RtpTarget(),
        "rtx" => new RtxTarget(),
        "rtcp" => new RtcpTarget(),
        "srtp" => new SrtpTarget(rtcp: false),
        "srtcp" => new SrtpTarget(rtcp: true),
        "sdp" => new SdpTarget(),
        "ice-candidate" => new IceCandidateTarget(),
        "dtls-fingerprint" => new DtlsFingerprintTarget(),
        "dtls-record" => new DtlsRecordTarget(),
        "h264" => new H264DepayloaderTarget(),
        "vp8" => new Vp8DepayloaderTarget(),
        "opus" => new OpusDepayloaderTarget(),
        "opus-inspector" => new OpusInspectorTarget(),
        "tracker-json" => new TrackerJsonTarget(),
        "site-csv" => new SiteCsvTarget(),
        "viewer-token" => new ViewerTokenTarget(),
        "ticket" => new TicketTarget(),
        _ => throw new ArgumentException($"Unknown target '{name}'. Known: {string.Join(", ", Names)}.", nameof(name)),
    };
}
