using StreamMesh.Media.Sources;

namespace StreamMesh.Media.Tests.Sources;

/// <summary>Reads frames from a running source into records, disposing each frame.</summary>
internal static class FrameLog
{
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Reads video frames until <paramref name="count"/> were read or the channel completed.</summary>
    public static async Task<List<VideoFrameRecord>> ReadVideoAsync(FfmpegMediaSource source, int count)
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var frames = new List<VideoFrameRecord>(Math.Min(count, 1024));
        await foreach (var frame in source.VideoFrames.ReadAllAsync(timeout.Token))
        {
            using (frame)
            {
                frames.Add(new VideoFrameRecord(frame.Index, frame.Timestamp, frame.IsKeyframe, frame.CaptureTime, frame.Data.ToArray()));
            }

            if (frames.Count == count)
            {
                break;
            }
        }

        return frames;
    }

    /// <summary>Reads audio frames until <paramref name="count"/> were read or the channel completed.</summary>
    public static async Task<List<AudioFrameRecord>> ReadAudioAsync(FfmpegMediaSource source, int count)
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var frames = new List<AudioFrameRecord>(Math.Min(count, 1024));
        await foreach (var frame in source.AudioFrames.ReadAllAsync(timeout.Token))
        {
            using (frame)
            {
                var samples = new short[PcmAudioFrame.ByteLength / 2];
                System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(frame.Data.Span).CopyTo(samples);
                frames.Add(new AudioFrameRecord(frame.Index, frame.Timestamp, frame.CaptureTime, samples));
            }

            if (frames.Count == count)
            {
                break;
            }
        }

        return frames;
    }
}
