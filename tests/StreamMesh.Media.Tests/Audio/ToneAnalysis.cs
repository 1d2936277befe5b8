namespace StreamMesh.Media.Tests.Audio;

/// <summary>Test-signal generation and Goertzel tone measurement.</summary>
internal static class ToneAnalysis
{
    public const int SampleRate = 48_000;

    /// <summary>Interleaved stereo (or mono) sine samples starting at sample index <paramref name="start"/>.</summary>
    public static short[] Sine(double frequency, int start, int samplesPerChannel, int channels, double amplitude = 10_000)
    {
        var pcm = new short[samplesPerChannel * channels];
        for (int i = 0; i < samplesPerChannel; i++)
        {
            short value = (short)(amplitude * Math.Sin(2 * Math.PI * frequency * (start + i) / SampleRate));
            for (int c = 0; c < channels; c++)
            {
                pcm[(i * channels) + c] = value;
            }
        }

        return pcm;
    }

    /// <summary>Power of one frequency in one channel of interleaved samples (Goertzel algorithm), normalised so that a sine of amplitude A gives A²/2.</summary>
    public static double Power(ReadOnlySpan<short> interleaved, int channels, int channel, double frequency)
    {
        int n = interleaved.Length / channels;
        double coefficient = 2 * Math.Cos(2 * Math.PI * frequency / SampleRate);
        double previous = 0;
        double previous2 = 0;
        for (int i = 0; i < n; i++)
        {
            double current = interleaved[(i * channels) + channel] + (coefficient * previous) - previous2;
            previous2 = previous;
            previous = current;
        }

        double power = (previous2 * previous2) + (previous * previous) - (coefficient * previous * previous2);
        return 2 * power / ((double)n * n);
    }

    /// <summary>Mean power of one channel (a sine of amplitude A gives A²/2).</summary>
    public static double TotalPower(ReadOnlySpan<short> interleaved, int channels, int channel)
    {
        int n = interleaved.Length / channels;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double sample = interleaved[(i * channels) + channel];
            sum += sample * sample;
        }

        return sum / n;
    }
}
