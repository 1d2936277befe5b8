using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace StreamMesh.Rtc.Srtp;

/// <summary>Vectorised XOR of a keystream into data.</summary>
internal static class ByteXor
{
    /// <summary>data[i] ^= keystream[i] for every byte of <paramref name="data"/>; the keystream must be at least as long.</summary>
    public static void InPlace(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        if (keystream.Length < data.Length)
        {
            throw new ArgumentException("Keystream shorter than data.", nameof(keystream));
        }

        ref byte d = ref MemoryMarshal.GetReference(data);
        ref byte k = ref MemoryMarshal.GetReference(keystream);
        int length = data.Length;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= length - 32; i += 32)
            {
                (Vector256.LoadUnsafe(ref d, (nuint)i) ^ Vector256.LoadUnsafe(ref k, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
            }
        }

        for (; i <= length - 16; i += 16)
        {
            (Vector128.LoadUnsafe(ref d, (nuint)i) ^ Vector128.LoadUnsafe(ref k, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
        }

        for (; i < length; i++)
        {
            data[i] ^= keystream[i];
        }
    }
}
