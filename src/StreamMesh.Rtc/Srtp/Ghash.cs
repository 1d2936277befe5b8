using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace StreamMesh.Rtc.Srtp;

/// <summary>
/// GHASH of NIST SP 800-38D §6.4 on PCLMULQDQ. Blocks are byte-reversed on load so the bit-reflected
/// field arithmetic becomes a plain carry-less product followed by a one-bit shift and a reduction
/// modulo x^128 + x^7 + x^2 + x + 1 (Gueron and Kounavis, "Intel Carry-Less Multiplication Instruction
/// and its Usage for Computing the GCM Mode"). Four blocks are multiplied by H^4..H^1 and reduced once.
/// The running state stays in that reversed form between calls; <see cref="ToBytes"/> converts it back.
/// </summary>
internal sealed class Ghash
{
    private static readonly Vector128<byte> ReverseBytes =
        Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);

    private readonly Vector128<ulong> _h1;
    private readonly Vector128<ulong> _h2;
    private readonly Vector128<ulong> _h3;
    private readonly Vector128<ulong> _h4;

    /// <param name="hashKey">H = E(K, 0^128) in wire byte order.</param>
    public Ghash(Vector128<byte> hashKey)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("PCLMULQDQ is not available.");
        }

        _h1 = Reverse(hashKey);
        _h2 = Multiply(_h1, _h1);
        _h3 = Multiply(_h2, _h1);
        _h4 = Multiply(_h3, _h1);
    }

    public static bool IsSupported => Pclmulqdq.IsSupported && Ssse3.IsSupported && Sse2.IsSupported;

    /// <summary>Absorbs <paramref name="data"/>, zero-padding a final partial block (SP 800-38D §7.1 step 5).</summary>
    public Vector128<ulong> Update(Vector128<ulong> state, ReadOnlySpan<byte> data)
    {
        ref byte d = ref MemoryMarshal.GetReference(data);
        int length = data.Length;
        int offset = 0;

        for (; offset <= length - 64; offset += 64)
        {
            Vector128<ulong> x0 = Load(ref d, offset) ^ state;
            Vector128<ulong> x1 = Load(ref d, offset + 16);
            Vector128<ulong> x2 = Load(ref d, offset + 32);
            Vector128<ulong> x3 = Load(ref d, offset + 48);
            MultiplyUnreduced(x0, _h4, out Vector128<ulong> lo, out Vector128<ulong> hi);
            MultiplyUnreduced(x1, _h3, out Vector128<ulong> lo1, out Vector128<ulong> hi1);
            MultiplyUnreduced(x2, _h2, out Vector128<ulong> lo2, out Vector128<ulong> hi2);
            MultiplyUnreduced(x3, _h1, out Vector128<ulong> lo3, out Vector128<ulong> hi3);
            state = Reduce(lo ^ lo1 ^ lo2 ^ lo3, hi ^ hi1 ^ hi2 ^ hi3);
        }

        for (; offset <= length - 16; offset += 16)
        {
            state = Multiply(Load(ref d, offset) ^ state, _h1);
        }

        if (offset < length)
        {
            Span<byte> last = stackalloc byte[16];
            last.Clear();
            data[offset..].CopyTo(last);
            state = Multiply(Load(ref MemoryMarshal.GetReference(last), 0) ^ state, _h1);
        }

        return state;
    }

    /// <summary>Absorbs the final len(A) || len(C) block, both in bits (SP 800-38D §7.1 step 5).</summary>
    public Vector128<ulong> UpdateLengths(Vector128<ulong> state, int associatedDataBytes, int dataBytes)
    {
        // Byte-reversed, the big-endian pair [len(A)]64 || [len(C)]64 is the little-endian pair (len(C), len(A)).
        Vector128<ulong> lengths = Vector128.Create((ulong)dataBytes * 8, (ulong)associatedDataBytes * 8);
        return Multiply(lengths ^ state, _h1);
    }

    /// <summary>The GHASH output S in wire byte order.</summary>
    public static Vector128<byte> ToBytes(Vector128<ulong> state) => Ssse3.Shuffle(state.AsByte(), ReverseBytes);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Load(ref byte data, int offset) =>
        Ssse3.Shuffle(Vector128.LoadUnsafe(ref data, (nuint)offset), ReverseBytes).AsUInt64();

    private static Vector128<ulong> Reverse(Vector128<byte> block) => Ssse3.Shuffle(block, ReverseBytes).AsUInt64();

    private static Vector128<ulong> Multiply(Vector128<ulong> a, Vector128<ulong> b)
    {
        MultiplyUnreduced(a, b, out Vector128<ulong> lo, out Vector128<ulong> hi);
        return Reduce(lo, hi);
    }

    /// <summary>256-bit carry-less product hi:lo of two 128-bit operands (schoolbook, four PCLMULQDQ).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyUnreduced(Vector128<ulong> a, Vector128<ulong> b, out Vector128<ulong> lo, out Vector128<ulong> hi)
    {
        Vector128<ulong> low = Pclmulqdq.CarrylessMultiply(a, b, 0x00);
        Vector128<ulong> middle = Pclmulqdq.CarrylessMultiply(a, b, 0x10) ^ Pclmulqdq.CarrylessMultiply(a, b, 0x01);
        Vector128<ulong> high = Pclmulqdq.CarrylessMultiply(a, b, 0x11);
        lo = low ^ Sse2.ShiftLeftLogical128BitLane(middle, 8);
        hi = high ^ Sse2.ShiftRightLogical128BitLane(middle, 8);
    }

    /// <summary>Shifts the reflected 256-bit product left by one bit, then reduces it to 128 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Reduce(Vector128<ulong> lo, Vector128<ulong> hi)
    {
        Vector128<uint> l = lo.AsUInt32();
        Vector128<uint> h = hi.AsUInt32();

        Vector128<uint> carryLo = Sse2.ShiftRightLogical(l, 31);
        Vector128<uint> carryHi = Sse2.ShiftRightLogical(h, 31);
        l = Sse2.ShiftLeftLogical(l, 1);
        h = Sse2.ShiftLeftLogical(h, 1);
        Vector128<uint> crossing = Sse2.ShiftRightLogical128BitLane(carryLo, 12);
        carryHi = Sse2.ShiftLeftLogical128BitLane(carryHi, 4);
        carryLo = Sse2.ShiftLeftLogical128BitLane(carryLo, 4);
        l |= carryLo;
        h |= carryHi | crossing;

        Vector128<uint> a = Sse2.ShiftLeftLogical(l, 31) ^ Sse2.ShiftLeftLogical(l, 30) ^ Sse2.ShiftLeftLogical(l, 25);
        Vector128<uint> fold = Sse2.ShiftRightLogical128BitLane(a, 4);
        l ^= Sse2.ShiftLeftLogical128BitLane(a, 12);
        Vector128<uint> b = Sse2.ShiftRightLogical(l, 1) ^ Sse2.ShiftRightLogical(l, 2) ^ Sse2.ShiftRightLogical(l, 7) ^ fold;
        l ^= b;
        return (h ^ l).AsUInt64();
    }
}
