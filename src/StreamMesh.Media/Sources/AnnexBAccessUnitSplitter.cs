using System.Buffers;

namespace StreamMesh.Media.Sources;

/// <summary>
/// Reassembles H.264 access units from an Annex B byte stream (ITU-T H.264 Annex B) that arrives in arbitrary
/// chunks. A new access unit starts, once the current one holds a slice, at an access unit delimiter, SEI,
/// SPS, PPS or NAL types 14–18, or at a slice whose first_mb_in_slice is 0 (H.264 §7.4.1.2.3). libx264 runs
/// with aud=1, so in practice every unit begins with its delimiter; the other rules keep the splitter correct
/// for streams without delimiters. A unit is only known to be complete when the next one begins, so it is
/// released one frame interval after its first byte arrived.
/// Data is written straight into the splitter's pooled buffer (<see cref="GetMemory"/> / <see cref="Advance"/>);
/// returned spans stay valid until the next <see cref="GetMemory"/> call. Garbage never throws: an access unit
/// that grows past the size limit is discarded and counted.
/// </summary>
internal sealed class AnnexBAccessUnitSplitter : IDisposable
{
    /// <summary>Largest access unit kept; far above any 4K intra frame at sane bitrates.</summary>
    public const int DefaultMaxAccessUnitSize = 8 * 1024 * 1024;

    private const byte NalTypeMask = 0x1F;
    private const int NalTypeNonIdrSlice = 1;
    private const int NalTypeIdrSlice = 5;

    private readonly int _maxAccessUnitSize;
    private byte[] _buffer;
    private int _start;
    private int _scan;
    private int _end;
    private bool _hasSlice;
    private bool _hasIdr;
    private long _discardedBytes;

    public AnnexBAccessUnitSplitter(int initialCapacity = 256 * 1024, int maxAccessUnitSize = DefaultMaxAccessUnitSize)
    {
        _maxAccessUnitSize = maxAccessUnitSize;
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    /// <summary>Bytes thrown away because an access unit exceeded the size limit.</summary>
    public long DiscardedBytes => _discardedBytes;

    /// <summary>Free space of at least <paramref name="sizeHint"/> bytes to read into; moves buffered data.</summary>
    public Memory<byte> GetMemory(int sizeHint)
    {
        if (_buffer.Length - _end < sizeHint && _start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _scan -= _start;
            _end -= _start;
            _start = 0;
        }

        if (_buffer.Length - _end < sizeHint)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _end + sizeHint));
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return _buffer.AsMemory(_end);
    }

    /// <summary>Marks <paramref name="count"/> bytes written into the memory from <see cref="GetMemory"/>.</summary>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _end);
        _end += count;
    }

    /// <summary>Returns the next complete access unit (start codes included), if the following one has begun.</summary>
    public bool TryRead(out ReadOnlySpan<byte> accessUnit, out bool isKeyframe)
    {
        while (_end - _scan >= 5)
        {
            var found = _buffer.AsSpan(_scan, _end - _scan).IndexOf(StartCode);
            if (found < 0)
            {
                // Keep two bytes: they may be the first zeros of a start code split across reads.
                _scan = _end - 2;
                break;
            }

            var position = _scan + found;
            if (position + 4 >= _end)
            {
                // The NAL header and first slice-header byte have not arrived yet.
                _scan = position;
                break;
            }

            var nalType = _buffer[position + 3] & NalTypeMask;
            var nalStart = position > _start && _buffer[position - 1] == 0 ? position - 1 : position;
            if (_hasSlice && StartsNewAccessUnit(nalType, _buffer[position + 4]))
            {
                accessUnit = _buffer.AsSpan(_start, nalStart - _start);
                isKeyframe = _hasIdr;
                _start = nalStart;
                _hasSlice = false;
                _hasIdr = false;

                // Leave _scan on this NAL so the next call counts it towards the new access unit.
                _scan = position;
                return true;
            }

            Count(nalType);
            _scan = position + 3;
        }

        DiscardIfOversized();
        accessUnit = default;
        isKeyframe = false;
        return false;
    }

    /// <summary>At end of stream: returns the buffered tail as the last access unit if it holds a slice.</summary>
    public bool TryFlush(out ReadOnlySpan<byte> accessUnit, out bool isKeyframe)
    {
        while (_end - _scan >= 4)
        {
            var found = _buffer.AsSpan(_scan, _end - _scan).IndexOf(StartCode);
            if (found < 0)
            {
                break;
            }

            var position = _scan + found;
            Count(_buffer[position + 3] & NalTypeMask);
            _scan = position + 3;
        }

        var complete = _hasSlice;
        accessUnit = complete ? _buffer.AsSpan(_start, _end - _start) : default;
        isKeyframe = complete && _hasIdr;
        _start = _scan = _end;
        _hasSlice = _hasIdr = false;
        return complete;
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ReadOnlySpan<byte> StartCode => [0x00, 0x00, 0x01];

    private static bool StartsNewAccessUnit(int nalType, byte firstPayloadByte) => nalType switch
    {
        // first_mb_in_slice is ue(v); a leading 1 bit encodes 0, the first macroblock of a new picture.
        NalTypeNonIdrSlice or NalTypeIdrSlice => (firstPayloadByte & 0x80) != 0,
        6 or 7 or 8 or 9 or (>= 14 and <= 18) => true,
        _ => false,
    };

    private void Count(int nalType)
    {
        if (nalType is >= NalTypeNonIdrSlice and <= NalTypeIdrSlice)
        {
            _hasSlice = true;
            _hasIdr |= nalType == NalTypeIdrSlice;
        }
    }

    private void DiscardIfOversized()
    {
        if (_end - _start <= _maxAccessUnitSize)
        {
            return;
        }

        _discardedBytes += _end - _start;
        _start = _scan = _end;
        _hasSlice = _hasIdr = false;
    }
}
