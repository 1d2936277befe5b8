using System.Buffers;

namespace StreamMesh.Media.Sources;

/// <summary>
/// Reads ffmpeg's raw s16le 48 kHz stereo output and cuts it into exact 20 ms <see cref="PcmAudioFrame"/>s.
/// Raw PCM has no timestamps; ffmpeg's aresample=async=1 keeps the output gap-free, so frame n starts at
/// sample n × 960. Each frame is read straight into its own pooled buffer.
/// </summary>
internal sealed class PcmPipeReader
{
    private readonly SourceClock _clock;
    private readonly Action<PcmAudioFrame> _deliver;
    private long _index;

    public PcmPipeReader(SourceClock clock, Action<PcmAudioFrame> deliver)
    {
        _clock = clock;
        _deliver = deliver;
    }

    /// <summary>Reads until ffmpeg closes the pipe; a partial last frame is dropped. Returns null.</summary>
    public async Task<string?> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        while (true)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(PcmAudioFrame.ByteLength);
            int read;
            try
            {
                read = await stream.ReadAtLeastAsync(buffer.AsMemory(0, PcmAudioFrame.ByteLength), PcmAudioFrame.ByteLength, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }

            if (read < PcmAudioFrame.ByteLength)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return null;
            }

            _deliver(new PcmAudioFrame(buffer, _index, _clock.Now));
            _index++;
        }
    }
}
