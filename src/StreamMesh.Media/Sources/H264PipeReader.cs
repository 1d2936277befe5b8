namespace StreamMesh.Media.Sources;

/// <summary>
/// Reads ffmpeg's raw H.264 output (-f h264: Annex B, no container, hence no timestamps) and delivers one
/// <see cref="EncodedVideoFrame"/> per access unit. The output is constant frame rate (fps filter) and libx264
/// neither drops nor reorders frames (no B-frames), so frame n's timestamp is exactly n × 90000 / fps.
/// Runs on one task; <c>deliver</c> is called on that task.
/// </summary>
internal sealed class H264PipeReader
{
    private const int ReadSize = 64 * 1024;

    private readonly int _frameRate;
    private readonly SourceClock _clock;
    private readonly Action<EncodedVideoFrame> _deliver;
    private long _index;
    private DateTimeOffset _unitStart;

    public H264PipeReader(int frameRate, SourceClock clock, Action<EncodedVideoFrame> deliver)
    {
        _frameRate = frameRate;
        _clock = clock;
        _deliver = deliver;
    }

    /// <summary>Reads until ffmpeg closes the pipe; returns null (H.264 output is never unparseable).</summary>
    public async Task<string?> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var splitter = new AnnexBAccessUnitSplitter();
        var started = false;
        while (true)
        {
            var memory = splitter.GetMemory(ReadSize);
            var read = await stream.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            var now = _clock.Now;
            if (!started)
            {
                _unitStart = now;
                started = true;
            }

            splitter.Advance(read);
            DeliverComplete(splitter, now);
        }

        DeliverTail(splitter);
        return null;
    }

    private void DeliverComplete(AnnexBAccessUnitSplitter splitter, DateTimeOffset now)
    {
        while (splitter.TryRead(out var accessUnit, out var isKeyframe))
        {
            Deliver(accessUnit, isKeyframe);

            // The next unit's first bytes came with this read.
            _unitStart = now;
        }
    }

    private void DeliverTail(AnnexBAccessUnitSplitter splitter)
    {
        if (splitter.TryFlush(out var accessUnit, out var isKeyframe))
        {
            Deliver(accessUnit, isKeyframe);
        }
    }

    private void Deliver(ReadOnlySpan<byte> accessUnit, bool isKeyframe)
    {
        var timestamp = _index * EncodedVideoFrame.ClockRate / _frameRate;
        _deliver(EncodedVideoFrame.CopyOf(accessUnit, SourceVideoCodec.H264, _index, timestamp, isKeyframe, _unitStart));
        _index++;
    }
}
