using StreamMesh.Mesh.Streams;

namespace StreamMesh.Mesh.Tree;

/// <summary>
/// A stream a relay republishes: its <see cref="LiveStream"/> (what children attach to) and the
/// rewriters that keep the children's sequence and timestamp spaces continuous across parents.
/// Created when the first parent's answer tells which codec the stream carries.
/// </summary>
public sealed class RelayedStream(string name, StreamRegistry registry, TimeProvider time)
{
    private readonly Lock _lock = new();

    public string Name { get; } = name;

    public LiveStream? Live { get; private set; }

    public RtpStreamRewriter? Video { get; private set; }

    public RtpStreamRewriter? Audio { get; private set; }

    public LiveStream EnsureCreated(string videoCodec)
    {
        lock (_lock)
        {
            if (Live is { } existing)
            {
                return existing;
            }

            var isVp8 = string.Equals(videoCodec, "VP8", StringComparison.OrdinalIgnoreCase);
            var video = new StreamTrack(MediaKind.Video, isVp8 ? "VP8" : "H264", 90_000, 0, RandomSsrc(), RandomSsrc(), isVp8 ? (byte)96 : (byte)102);
            var audio = new StreamTrack(MediaKind.Audio, "opus", 48_000, 2, RandomSsrc(), 0, 111);
            var live = new LiveStream(Name, video, audio, time);
            Video = new RtpStreamRewriter(video.Ssrc, video.PayloadType, video.ClockRate, time);
            Audio = new RtpStreamRewriter(audio.Ssrc, audio.PayloadType, audio.ClockRate, time);
            registry.Add(live);
            Live = live;
            return live;
        }
    }

    private static uint RandomSsrc() => (uint)Random.Shared.NextInt64(1, uint.MaxValue);
}
