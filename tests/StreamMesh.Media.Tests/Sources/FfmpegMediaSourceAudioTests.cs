using StreamMesh.Media.Sources;

namespace StreamMesh.Media.Tests.Sources;

[Collection(FfmpegCollection.Name)]
public sealed class FfmpegMediaSourceAudioTests
{
    [Fact]
    public async Task AudioFrames_TestPattern_Contiguous20msFramesOfA1kHzTone()
    {
        var options = new MediaSourceOptions { Uri = "testsrc", Width = 320, Height = 240, VideoBitrateKbps = 500 };
        await using var source = new FfmpegMediaSource(options);
        await source.StartAsync(CancellationToken.None);

        var frames = await FrameLog.ReadAudioAsync(source, 100);

        Assert.Equal(100, frames.Count);
        for (var i = 0; i < frames.Count; i++)
        {
            Assert.Equal(frames[0].Timestamp + (i * 960L), frames[i].Timestamp);
            Assert.Equal(PcmAudioFrame.ByteLength / 2, frames[i].Samples.Length);
        }

        // The sine is mono upmixed to stereo: both channels carry the same samples.
        Assert.All(frames, f => Assert.True(Enumerable.Range(0, 960).All(s => f.Samples[2 * s] == f.Samples[(2 * s) + 1])));

        // Energy: lavfi's sine has amplitude 1/8 of full scale, RMS ≈ 2900.
        var rms = frames.Select(f => Math.Sqrt(f.Samples.Average(s => (double)s * s))).Order().ToList();
        Assert.True(rms[rms.Count / 2] > 1_000, $"median RMS {rms[rms.Count / 2]:F0} is too quiet");

        // Pitch: 1 kHz crosses zero 40 times in 20 ms. The median ignores the 4 kHz beep frames.
        var crossings = frames.Select(f => ZeroCrossingsOfLeftChannel(f.Samples)).Order().ToList();
        Assert.InRange(crossings[crossings.Count / 2], 38, 42);
    }

    private static int ZeroCrossingsOfLeftChannel(short[] interleaved)
    {
        var crossings = 0;
        for (var s = 2; s < interleaved.Length; s += 2)
        {
            if ((interleaved[s - 2] < 0) != (interleaved[s] < 0))
            {
                crossings++;
            }
        }

        return crossings;
    }
}
