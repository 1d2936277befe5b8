using System.Globalization;

namespace StreamMesh.Media.Sources;

/// <summary>The global options and the two outputs' options of the source's ffmpeg command line.</summary>
internal static class FfmpegOutputArguments
{
    /// <summary>ffmpeg -f value of the video output.</summary>
    public static string VideoFormat(SourceVideoCodec codec) => codec == SourceVideoCodec.H264 ? "h264" : "ivf";

    /// <summary>ffmpeg -f value of the audio output.</summary>
    public const string AudioFormat = "s16le";

    /// <summary>
    /// Placed before the first input. "level+" tags every stderr line with its severity so errors are
    /// recognised reliably; -nostats with -progress moves the periodic report off stderr (see
    /// <see cref="FfmpegProgressListener"/>).
    /// </summary>
    public static string Global(string progressUrl)
        => $"-hide_banner -nostats -loglevel level+info -stats_period 1 -progress \"{progressUrl}\"";

    /// <summary>
    /// Scales and letterboxes any input to the output size, then forces a constant frame rate, so the
    /// encoders see exactly one frame per 1/fps whatever the input does.
    /// </summary>
    public static string VideoFilter(MediaSourceOptions options)
        => string.Create(
            CultureInfo.InvariantCulture,
            $"scale={options.Width}:{options.Height}:force_original_aspect_ratio=decrease,pad={options.Width}:{options.Height}:-1:-1,setsar=1,fps={options.FrameRate},format=yuv420p");

    /// <summary>Video output options (without -f).</summary>
    public static string Video(MediaSourceOptions options, string videoStream)
    {
        var gop = options.KeyframeIntervalFrames;
        var bitrate = options.VideoBitrateKbps;
        var common = string.Create(CultureInfo.InvariantCulture, $"-map {videoStream} -vf {VideoFilter(options)} -pix_fmt yuv420p -g {gop} -keyint_min {gop}");
        if (options.VideoCodec == SourceVideoCodec.H264)
        {
            // Constrained baseline without B-frames (RFC 6184 packetization mode 1 needs no reordering);
            // repeat-headers puts SPS/PPS before every IDR so a joiner can decode from any keyframe; aud=1
            // starts each access unit with a delimiter for the splitter. sc_threshold 0 keeps keyframes
            // periodic. The raw h264 muxer output is already Annex B, so no h264_mp4toannexb is needed.
            var level = H264Level.Select(options.Width, options.Height, options.FrameRate, bitrate);
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{common} -c:v libx264 -preset veryfast -tune zerolatency -profile:v baseline -level:v {level} -bf 0 -sc_threshold 0 -b:v {bitrate}k -maxrate {bitrate}k -bufsize {bitrate}k -x264-params repeat-headers=1:aud=1 -flush_packets 1");
        }

        // Real-time libvpx: no look-ahead or alt-ref (no hidden frames, no added latency), error resilient
        // so a lost packet corrupts less, constant bitrate as WebRTC congestion control expects. One thread:
        // libvpx's threads spin-wait on each other, and on a busy 2-core host two threads burned 6x the CPU
        // of one (measured: 720p30 costs ~7 ms/frame single-threaded, ~40 ms/frame with 2 threads).
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{common} -c:v libvpx -deadline realtime -cpu-used 8 -lag-in-frames 0 -error-resilient 1 -auto-alt-ref 0 -threads 1 -b:v {bitrate}k -minrate {bitrate}k -maxrate {bitrate}k -bufsize {bitrate}k -flush_packets 1");
    }

    /// <summary>
    /// Video output options (without -f) for passthrough: the source's H.264 copied as Annex B. h264_mp4toannexb
    /// converts the length-prefixed form of MP4, FLV and RTMP and puts SPS/PPS in-band before every IDR (without
    /// it a viewer switching from the slate would decode the new pictures with the slate's parameter sets); it
    /// must be named explicitly, because the raw h264 muxer only adds it by itself when no user filter is set.
    /// An access unit delimiter is inserted before each access unit (h264_metadata aud=insert) so the splitter
    /// finds frame boundaries as in the transcoded output — except for a looped input: ffmpeg 5.1 fails every
    /// packet after the first loop when a user bitstream filter is set ("A non-NULL packet sent after an EOF"),
    /// so there the muxer's automatic conversion is used and the splitter's slice rules find the boundaries.
    /// </summary>
    public static string PassthroughVideo(string videoStream, bool loopedInput)
        => loopedInput
            ? $"-map {videoStream} -c:v copy -flush_packets 1"
            : $"-map {videoStream} -c:v copy -bsf:v h264_mp4toannexb,h264_metadata=aud=insert -flush_packets 1";

    /// <summary>
    /// Audio output options (without -f): resampled to 48 kHz stereo s16 with gaps filled (async=1), cut into
    /// 960-sample packets so ffmpeg writes each 20 ms frame as soon as it exists.
    /// </summary>
    public static string Audio(string audioStream)
        => string.Create(
            CultureInfo.InvariantCulture,
            $"-map {audioStream} -af aresample={MediaSourceOptions.AudioSampleRate}:async=1,aformat=sample_fmts=s16:channel_layouts=stereo,asetnsamples=n={PcmAudioFrame.SamplesPerChannel} -c:a pcm_s16le -ar {MediaSourceOptions.AudioSampleRate} -ac {MediaSourceOptions.AudioChannels} -flush_packets 1");
}
