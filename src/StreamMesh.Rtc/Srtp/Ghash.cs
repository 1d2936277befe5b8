using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace StreamMesh.Rtc.Srtp;

/// <summary>
/// GHASH of NIST SP 800-38D §6.4 on carry-less multiplication, computed as POLYVAL (RFC 8452 Appendix A:
/// GHASH(H, X) = ByteReverse(POLYVAL(mulX_POLYVAL(ByteReverse(H)), ByteReverse(X)))), whose reduction
/// needs two multiplications by a constant instead of a bit-shift cascade. The running state stays in that
/// byte-reversed POLYVAL form between calls; <see cref="ToBytes"/> converts it back.
/// </summary>
/// <remarks>
/// The chain from one state to the next (multiply, reduce) is what bounds the speed, so up to sixteen
/// blocks are multiplied by H^16..H^1 and reduced once, two blocks per instruction where VPCLMULQDQ exists.
/// </remarks>
internal sealed class Ghash
{
    private const int Aggregation = 16;
    private const int BlockSize = 16;

    private static readonly Vector128<byte> ReverseBytes =
        Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);

    // x^128 = x^127 + x^126 + x^121 + 1 in POLYVAL's field; the low bit is implied by the reduction steps.
    private static readonly Vector128<ulong> Polynomial = Vector128.Create(1UL, 0xC200_0000_0000_0000UL);

    /// <summary>_powers[i] multiplies a block by H^(i+1) under <see cref="Dot"/>.</summary>
    private readonly Vector128<ulong>[] _powers = new Vector128<ulong>[Aggregation];

    /// <summary>_pairs[j] = (H^(16-2j), H^(15-2j)) for two blocks per 256-bit multiplication; null without VPCLMULQDQ.</summary>
    private readonly Vector256<ulong>[]? _pairs;

    /// <param name="hashKey">H = E(K, 0^128) in wire byte order.</param>
    /// <param name="allowWideVectors">False keeps to 128-bit instructions (tests use it to cover both paths).</param>
    public Ghash(Vector128<byte> hashKey, bool allowWideVectors = true)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("PCLMULQDQ is not available.");
        }

        Vector128<ulong> key = MultiplyByX(Ssse3.Shuffle(hashKey, ReverseBytes).AsUInt64());
        _powers[0] = key;
        for (int i = 1; i < Aggregation; i++)
        {
            _powers[i] = Dot(_powers[i - 1], key);
        }

        if (allowWideVectors && Pclmulqdq.V256.IsSupported && Avx2.IsSupported)
        {
            _pairs = new Vector256<ulong>[Aggregation / 2];
            for (int j = 0; j < _pairs.Length; j++)
            {
                _pairs[j] = Vector256.Create(_powers[Aggregation - 1 - (2 * j)], _powers[Aggregation - 2 - (2 * j)]);
            }
        }
    }

    public static bool IsSupported => Pclmulqdq.IsSupported && Ssse3.IsSupported && Sse2.IsSupported;

    /// <summary>Wipes the key-derived powers of H.</summary>
    public void Clear()
    {
        Array.Clear(_powers);
        if (_pairs is not null)
        {
            Array.Clear(_pairs);
        }
    }

    /// <summary>Absorbs <paramref name="data"/>, zero-padding a final partial block (SP 800-38D §7.1 step 5).</summary>
    public Vector128<ulong> Update(Vector128<ulong> state, ReadOnlySpan<byte> data)
    {
        ref byte d = ref MemoryMarshal.GetReference(data);
        int length = data.Length;
        int offset = 0;

        for (; offset <= length - (Aggregation * BlockSize); offset += Aggregation * BlockSize)
        {
            state = _pairs is not null
                ? UpdateWide(state, ref d, offset, _pairs)
                : Aggregate(state, ref d, offset, Aggregation, []);
        }

        int remaining = length - offset;
        if (remaining > 0)
        {
            int fullBlocks = remaining / BlockSize;
            state = Aggregate(state, ref d, offset, fullBlocks, data[(offset + (fullBlocks * BlockSize))..]);
        }

        return state;
    }

    /// <summary>Absorbs the final len(A) || len(C) block, both in bits (SP 800-38D §7.1 step 5).</summary>
    public Vector128<ulong> UpdateLengths(Vector128<ulong> state, int associatedDataBytes, int dataBytes)
    {
        // Byte-reversed, the big-endian pair [len(A)]64 || [len(C)]64 is the little-endian pair (len(C), len(A)).
        Vector128<ulong> lengths = Vector128.Create((ulong)dataBytes * 8, (ulong)associatedDataBytes * 8);
        return Dot(lengths ^ state, _powers[0]);
    }

    /// <summary>The GHASH output S in wire byte order.</summary>
    public static Vector128<byte> ToBytes(Vector128<ulong> state) => Ssse3.Shuffle(state.AsByte(), ReverseBytes);

    /// <summary>
    /// Horner's rule over <paramref name="fullBlocks"/> blocks plus an optional zero-padded partial block,
    /// unrolled: block i of n is multiplied by H^(n-i) and the sum reduced once.
    /// </summary>
    private Vector128<ulong> Aggregate(Vector128<ulong> state, ref byte data, int offset, int fullBlocks, ReadOnlySpan<byte> partial)
    {
        int blocks = fullBlocks + (partial.IsEmpty ? 0 : 1);
        ReadOnlySpan<Vector128<ulong>> powers = _powers;
        Vector128<ulong> lo = default;
        Vector128<ulong> mid = default;
        Vector128<ulong> hi = default;
        for (int i = 0; i < fullBlocks; i++)
        {
            Vector128<ulong> x = Load(ref data, offset + (i * BlockSize));
            Accumulate(i == 0 ? x ^ state : x, powers[blocks - 1 - i], ref lo, ref mid, ref hi);
        }

        if (!partial.IsEmpty)
        {
            Span<byte> last = stackalloc byte[BlockSize];
            last.Clear();
            partial.CopyTo(last);
            Vector128<ulong> x = Load(ref MemoryMarshal.GetReference(last), 0);
            Accumulate(fullBlocks == 0 ? x ^ state : x, powers[0], ref lo, ref mid, ref hi);
        }

        return Reduce(lo, mid, hi);
    }

    /// <summary>Sixteen blocks, two per VPCLMULQDQ, multiplied by H^16..H^1 and reduced once.</summary>
    private static Vector128<ulong> UpdateWide(Vector128<ulong> state, ref byte data, int offset, Vector256<ulong>[] pairs)
    {
        Vector256<byte> reverse = Vector256.Create(ReverseBytes);
        ReadOnlySpan<Vector256<ulong>> p = pairs;
        Vector256<ulong> x = Avx2.Shuffle(Vector256.LoadUnsafe(ref data, (nuint)offset), reverse).AsUInt64()
            ^ Vector256.Create(state, Vector128<ulong>.Zero);
        Vector256<ulong> lo = Pclmulqdq.V256.CarrylessMultiply(x, p[0], 0x00);
        Vector256<ulong> hi = Pclmulqdq.V256.CarrylessMultiply(x, p[0], 0x11);
        Vector256<ulong> mid = Pclmulqdq.V256.CarrylessMultiply(x, p[0], 0x01) ^ Pclmulqdq.V256.CarrylessMultiply(x, p[0], 0x10);
        for (int j = 1; j < Aggregation / 2; j++)
        {
            x = Avx2.Shuffle(Vector256.LoadUnsafe(ref data, (nuint)(offset + (32 * j))), reverse).AsUInt64();
            lo ^= Pclmulqdq.V256.CarrylessMultiply(x, p[j], 0x00);
            hi ^= Pclmulqdq.V256.CarrylessMultiply(x, p[j], 0x11);
            mid ^= Pclmulqdq.V256.CarrylessMultiply(x, p[j], 0x01) ^ Pclmulqdq.V256.CarrylessMultiply(x, p[j], 0x10);
        }

        return Reduce(lo.GetLower() ^ lo.GetUpper(), mid.GetLower() ^ mid.GetUpper(), hi.GetLower() ^ hi.GetUpper());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Load(ref byte data, int offset) =>
        Ssse3.Shuffle(Vector128.LoadUnsafe(ref data, (nuint)offset), ReverseBytes).AsUInt64();

    /// <summary>Adds the 256-bit carry-less product x * power to lo/mid/hi (schoolbook, four PCLMULQDQ).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(Vector128<ulong> x, Vector128<ulong> power, ref Vector128<ulong> lo, ref Vector128<ulong> mid, ref Vector128<ulong> hi)
    {
        lo ^= Pclmulqdq.CarrylessMultiply(x, power, 0x00);
        hi ^= Pclmulqdq.CarrylessMultiply(x, power, 0x11);
        mid ^= Pclmulqdq.CarrylessMultiply(x, power, 0x01) ^ Pclmulqdq.CarrylessMultiply(x, power, 0x10);
    }

    /// <summary>POLYVAL's dot(a, b) = a * b * x^-128 (RFC 8452 §3).</summary>
    private static Vector128<ulong> Dot(Vector128<ulong> a, Vector128<ulong> b)
    {
        Vector128<ulong> lo = default;
        Vector128<ulong> mid = default;
        Vector128<ulong> hi = default;
        Accumulate(a, b, ref lo, ref mid, ref hi);
        return Reduce(lo, mid, hi);
    }

    /// <summary>
    /// Montgomery-style reduction of the 256-bit product to product * x^-128: twice, fold the low 64 bits
    /// up through a multiplication by the polynomial's top word.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Reduce(Vector128<ulong> lo, Vector128<ulong> mid, Vector128<ulong> hi)
    {
        lo ^= Sse2.ShiftLeftLogical128BitLane(mid, 8);
        hi ^= Sse2.ShiftRightLogical128BitLane(mid, 8);
        Vector128<ulong> t = Pclmulqdq.CarrylessMultiply(lo, Polynomial, 0x10);
        lo = Sse2.Shuffle(lo.AsUInt32(), 0x4E).AsUInt64() ^ t;
        t = Pclmulqdq.CarrylessMultiply(lo, Polynomial, 0x10);
        lo = Sse2.Shuffle(lo.AsUInt32(), 0x4E).AsUInt64() ^ t;
        return hi ^ lo;
    }

    /// <summary>mulX_POLYVAL of RFC 8452 Appendix A: shift left one bit, reducing if bit 127 fell out.</summary>
    private static Vector128<ulong> MultiplyByX(Vector128<ulong> x)
    {
        ulong lo = x.GetElement(0);
        ulong hi = x.GetElement(1);
        ulong carry = 0 - (hi >> 63);
        return Vector128.Create((lo << 1) ^ (carry & 1), ((hi << 1) | (lo >> 63)) ^ (carry & 0xC200_0000_0000_0000UL));
    }
}
