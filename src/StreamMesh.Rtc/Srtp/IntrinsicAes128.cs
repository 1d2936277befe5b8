using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using AesNi = System.Runtime.Intrinsics.X86.Aes;

namespace StreamMesh.Rtc.Srtp;

/// <summary>
/// AES-128 on AES-NI, kept in managed code because the platform cipher pays a native context set-up
/// of several hundred nanoseconds per call, which dominates a 1,200-byte packet. Counter mode runs
/// eight blocks at a time so the pipelined AESENC units stay busy. The instructions are constant-time.
/// </summary>
internal sealed class IntrinsicAes128 : IAesCounterMode
{
    private const int Rounds = 10;

    private readonly Vector128<byte>[] _roundKeys = new Vector128<byte>[Rounds + 1];

    public IntrinsicAes128(ReadOnlySpan<byte> key)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("AES-NI is not available.");
        }

        if (key.Length != 16)
        {
            throw new ArgumentException("AES-128 needs a 16-byte key.", nameof(key));
        }

        // FIPS 197 §5.2 key expansion; AESKEYGENASSIST needs its round constant as an immediate.
        Vector128<byte>[] k = _roundKeys;
        k[0] = Vector128.Create(key);
        k[1] = ExpandKey(k[0], AesNi.KeygenAssist(k[0], 0x01));
        k[2] = ExpandKey(k[1], AesNi.KeygenAssist(k[1], 0x02));
        k[3] = ExpandKey(k[2], AesNi.KeygenAssist(k[2], 0x04));
        k[4] = ExpandKey(k[3], AesNi.KeygenAssist(k[3], 0x08));
        k[5] = ExpandKey(k[4], AesNi.KeygenAssist(k[4], 0x10));
        k[6] = ExpandKey(k[5], AesNi.KeygenAssist(k[5], 0x20));
        k[7] = ExpandKey(k[6], AesNi.KeygenAssist(k[6], 0x40));
        k[8] = ExpandKey(k[7], AesNi.KeygenAssist(k[7], 0x80));
        k[9] = ExpandKey(k[8], AesNi.KeygenAssist(k[8], 0x1B));
        k[10] = ExpandKey(k[9], AesNi.KeygenAssist(k[9], 0x36));
    }

    public static bool IsSupported => AesNi.IsSupported && Sse41.IsSupported && Ssse3.IsSupported;

    public Vector128<byte> EncryptBlock(Vector128<byte> block)
    {
        ReadOnlySpan<Vector128<byte>> k = _roundKeys;
        block ^= k[0];
        for (int r = 1; r < Rounds; r++)
        {
            block = AesNi.Encrypt(block, k[r]);
        }

        return AesNi.EncryptLast(block, k[Rounds]);
    }

    public void EncryptBlock(ReadOnlySpan<byte> input, Span<byte> output) =>
        EncryptBlock(Vector128.Create(input[..16])).CopyTo(output);

    public void Transform(ReadOnlySpan<byte> initialCounterBlock, Span<byte> data)
    {
        Vector128<uint> prefix = Vector128.Create(initialCounterBlock[..16]).AsUInt32();
        uint counter = BinaryPrimitives.ReadUInt32BigEndian(initialCounterBlock.Slice(12, 4));
        Transform(prefix, counter, data);
    }

    /// <summary>Counter-mode XOR; the counter occupies the last 32 bits of <paramref name="prefix"/> (big-endian).</summary>
    public void Transform(Vector128<uint> prefix, uint counter, Span<byte> data)
    {
        ReadOnlySpan<Vector128<byte>> k = _roundKeys;
        Vector128<byte> k0 = k[0];
        Vector128<byte> k10 = k[Rounds];
        ref byte d = ref MemoryMarshal.GetReference(data);
        int length = data.Length;
        int offset = 0;

        for (; offset <= length - 128; offset += 128)
        {
            Vector128<byte> c0 = CounterBlock(prefix, counter) ^ k0;
            Vector128<byte> c1 = CounterBlock(prefix, counter + 1) ^ k0;
            Vector128<byte> c2 = CounterBlock(prefix, counter + 2) ^ k0;
            Vector128<byte> c3 = CounterBlock(prefix, counter + 3) ^ k0;
            Vector128<byte> c4 = CounterBlock(prefix, counter + 4) ^ k0;
            Vector128<byte> c5 = CounterBlock(prefix, counter + 5) ^ k0;
            Vector128<byte> c6 = CounterBlock(prefix, counter + 6) ^ k0;
            Vector128<byte> c7 = CounterBlock(prefix, counter + 7) ^ k0;
            counter += 8;
            for (int r = 1; r < Rounds; r++)
            {
                Vector128<byte> key = k[r];
                c0 = AesNi.Encrypt(c0, key);
                c1 = AesNi.Encrypt(c1, key);
                c2 = AesNi.Encrypt(c2, key);
                c3 = AesNi.Encrypt(c3, key);
                c4 = AesNi.Encrypt(c4, key);
                c5 = AesNi.Encrypt(c5, key);
                c6 = AesNi.Encrypt(c6, key);
                c7 = AesNi.Encrypt(c7, key);
            }

            XorStore(ref d, offset, AesNi.EncryptLast(c0, k10));
            XorStore(ref d, offset + 16, AesNi.EncryptLast(c1, k10));
            XorStore(ref d, offset + 32, AesNi.EncryptLast(c2, k10));
            XorStore(ref d, offset + 48, AesNi.EncryptLast(c3, k10));
            XorStore(ref d, offset + 64, AesNi.EncryptLast(c4, k10));
            XorStore(ref d, offset + 80, AesNi.EncryptLast(c5, k10));
            XorStore(ref d, offset + 96, AesNi.EncryptLast(c6, k10));
            XorStore(ref d, offset + 112, AesNi.EncryptLast(c7, k10));
        }

        for (; offset <= length - 16; offset += 16)
        {
            XorStore(ref d, offset, EncryptBlock(CounterBlock(prefix, counter++)));
        }

        if (offset < length)
        {
            Span<byte> last = stackalloc byte[16];
            EncryptBlock(CounterBlock(prefix, counter)).CopyTo(last);
            ByteXor.InPlace(data[offset..], last);
        }
    }

    public void Dispose() => Array.Clear(_roundKeys);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> CounterBlock(Vector128<uint> prefix, uint counter) =>
        prefix.WithElement(3, BinaryPrimitives.ReverseEndianness(counter)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void XorStore(ref byte data, int offset, Vector128<byte> keystream) =>
        (Vector128.LoadUnsafe(ref data, (nuint)offset) ^ keystream).StoreUnsafe(ref data, (nuint)offset);

    private static Vector128<byte> ExpandKey(Vector128<byte> key, Vector128<byte> assist)
    {
        // Each new word is the XOR of all previous words of the round key and RotWord(SubWord(w3)) ^ Rcon.
        assist = Sse2.Shuffle(assist.AsUInt32(), 0xFF).AsByte();
        Vector128<byte> shifted = Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= shifted;
        shifted = Sse2.ShiftLeftLogical128BitLane(shifted, 4);
        key ^= shifted;
        shifted = Sse2.ShiftLeftLogical128BitLane(shifted, 4);
        key ^= shifted;
        return key ^ assist;
    }
}
