using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StreamMesh.Media.Payload.Vp8;

/// <summary>
/// Reassembles raw VP8 frames from RFC 7741 payloads. A frame begins with a payload whose
/// descriptor has S=1 and PID=0 and ends with the marker bit (§4.1); it is a keyframe when the P
/// bit of its first byte is 0 (§4.3). Malformed payloads are counted and drop their frame; nothing
/// here throws on input. Not thread-safe.
/// </summary>
public sealed class Vp8Depayloader : IRtpDepayloader
{
    private const string Codec = "VP8";

    private readonly FrameAssembler _assembler;
    private int _pendingPictureId = -1;

    /// <summary>Creates a depayloader.</summary>
    public Vp8Depayloader(RtpDepayloaderOptions? options = null, ILogger? logger = null)
    {
        options ??= new RtpDepayloaderOptions();
        options.Validate();
        _assembler = new FrameAssembler(Codec, options, logger ?? NullLogger.Instance);
    }

    /// <inheritdoc />
    public bool NeedsKeyframe => _assembler.NeedsKeyframe;

    /// <inheritdoc />
    public DepayloaderStatistics Statistics => _assembler.Statistics;

    /// <summary>PictureID of the last frame handed out, or -1 when the sender sends none.</summary>
    public int LastPictureId { get; private set; } = -1;

    /// <inheritdoc />
    public DepayloadStatus Push(ReadOnlySpan<byte> payload, bool marker, ushort sequenceNumber, uint timestamp, out DepayloadedFrame frame)
    {
        frame = default;
        DepayloadStatus admission = _assembler.Admit(sequenceNumber, timestamp, marker);
        if (admission != DepayloadStatus.Buffered)
        {
            return admission;
        }

        if (payload.IsEmpty)
        {
            // Padding-only packets (e.g. bandwidth probes) arrive with an empty payload.
            _assembler.CountEmpty();
            return marker ? _assembler.Complete(out frame) : DepayloadStatus.Ignored;
        }

        if (!Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor))
        {
            return _assembler.DropMalformed(unsupported: false, marker, "truncated payload descriptor");
        }

        ReadOnlySpan<byte> data = payload[descriptor.Size..];
        if (data.IsEmpty)
        {
            return _assembler.DropMalformed(unsupported: false, marker, "descriptor without VP8 payload");
        }

        if (descriptor.IsStartOfFrame)
        {
            _assembler.DropIncompleteFrame("frame start before the previous frame's marker");
            _assembler.BeginFrameIfIdle();
            _pendingPictureId = descriptor.PictureId;
            if (Vp8Frame.IsKeyframe(data))
            {
                _assembler.MarkKeyframe();
            }
        }
        else if (!_assembler.FrameActive)
        {
            return _assembler.DropMalformed(unsupported: false, marker, "continuation without a frame start");
        }

        if (!_assembler.TryAppend(data))
        {
            return _assembler.DropOversize(marker);
        }

        if (!marker)
        {
            return DepayloadStatus.Buffered;
        }

        DepayloadStatus status = _assembler.Complete(out frame);
        if (status == DepayloadStatus.FrameReady)
        {
            LastPictureId = _pendingPictureId;
        }

        return status;
    }

    /// <inheritdoc />
    public void Reset()
    {
        _assembler.Reset();
        LastPictureId = -1;
    }
}
