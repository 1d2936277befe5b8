using StreamMesh.Fuzz.Engine;
using StreamMesh.Media.Payload;

namespace StreamMesh.Fuzz.Targets;

/// <summary>
/// A depayloader fed a stream of packets, as from one hostile sender. Each input is one packet:
/// byte 0 steers the RTP fields (bit 0 marker, bit 1 next timestamp, bits 2–3 sequence step: +1,
/// repeat, −1, jump), the rest is the payload. State carries over between inputs so fragments of
/// different frames interleave; frames are bounded by <see cref="MaxFrameSize"/>.
/// </summary>
public abstract class DepayloaderTarget : FuzzTarget
{
    /// <summary>Frame bound given to the depayloaders under test.</summary>
    public const int MaxFrameSize = 256 * 1024;

    private IRtpDepayloader? _depayloader;
    private ushort _sequenceNumber;
    private uint _timestamp;

    public override int RefreshInterval => 1 << 16;

    // Growing the frame buffer towards MaxFrameSize may allocate a few times its size over a frame,
    // but one packet can never cost more than that.
    public override long AllocationBound(int inputLength) => 4L * MaxFrameSize;

    /// <summary>Encodes one seed packet: control byte then payload.</summary>
    public static byte[] Packet(ReadOnlySpan<byte> payload, bool marker, bool nextTimestamp) =>
        [(byte)((marker ? 1 : 0) | (nextTimestamp ? 2 : 0)), .. payload];

    protected static RtpDepayloaderOptions Options => new() { MaxFrameSize = MaxFrameSize };

    public override void Refresh(FuzzRandom random)
    {
        _depayloader = CreateDepayloader();
        _sequenceNumber = (ushort)random.Next(0x10000);
        _timestamp = (uint)random.NextUInt64();
    }

    public override int Execute(ReadOnlySpan<byte> input)
    {
        IRtpDepayloader depayloader = _depayloader ?? throw new InvalidOperationException("Refresh was not called.");
        byte control = input.IsEmpty ? (byte)0 : input[0];
        ReadOnlySpan<byte> payload = input.IsEmpty ? default : input[1..];
        _sequenceNumber = (control >> 2 & 3) switch
        {
            0 => (ushort)(_sequenceNumber + 1),
            1 => _sequenceNumber,
            2 => (ushort)(_sequenceNumber - 1),
            _ => (ushort)(_sequenceNumber + (control >> 4) * 997),
        };
        if ((control & 2) != 0)
        {
            _timestamp += 3000;
        }

        DepayloadStatus status = depayloader.Push(payload, (control & 1) != 0, _sequenceNumber, _timestamp, out DepayloadedFrame frame);
        if (status == DepayloadStatus.FrameReady && frame.Data.Length > MaxFrameSize)
        {
            throw new InvalidOperationException($"A {frame.Data.Length}-byte frame exceeds the {MaxFrameSize}-byte bound.");
        }

        return (int)status | (depayloader.NeedsKeyframe ? 16 : 0) | (status == DepayloadStatus.FrameReady && frame.IsKeyframe ? 32 : 0) | (Inspect(payload) << 6);
    }

    protected abstract IRtpDepayloader CreateDepayloader();

    /// <summary>Extra codec-level parse of the payload (descriptor, TOC); its outcome code.</summary>
    protected virtual int Inspect(ReadOnlySpan<byte> payload) => 0;
}
