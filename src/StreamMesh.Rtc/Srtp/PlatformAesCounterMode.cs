using System.Buffers.Binary;
using System.Security.Cryptography;

namespace StreamMesh.Rtc.Srtp;

/// <summary>
/// AES-CTR built on the platform's AES-ECB: counter blocks are laid out in a reusable array and
/// encrypted in batches through one long-lived <see cref="ICryptoTransform"/>, which (unlike the
/// one-shot <c>Aes.EncryptEcb</c>) neither allocates nor re-creates a native context per call.
/// Used where AES-NI is unavailable and for key derivation.
/// </summary>
internal sealed class PlatformAesCounterMode : IAesCounterMode
{
    private const int BatchBlocks = 64;
    private const int BlockSize = 16;

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counters = new byte[BatchBlocks * BlockSize];
    private readonly byte[] _keystream = new byte[BatchBlocks * BlockSize];

    public PlatformAesCounterMode(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
    }

    public void Transform(ReadOnlySpan<byte> initialCounterBlock, Span<byte> data)
    {
        ReadOnlySpan<byte> prefix = initialCounterBlock[..12];
        uint counter = BinaryPrimitives.ReadUInt32BigEndian(initialCounterBlock.Slice(12, 4));
        int offset = 0;
        while (offset < data.Length)
        {
            int chunk = Math.Min(data.Length - offset, BatchBlocks * BlockSize);
            int blocks = (chunk + BlockSize - 1) / BlockSize;
            Span<byte> counters = _counters.AsSpan(0, blocks * BlockSize);
            for (int i = 0; i < blocks; i++)
            {
                Span<byte> block = counters.Slice(i * BlockSize, BlockSize);
                prefix.CopyTo(block);
                BinaryPrimitives.WriteUInt32BigEndian(block[12..], counter++);
            }

            _ecb.TransformBlock(_counters, 0, blocks * BlockSize, _keystream, 0);
            ByteXor.InPlace(data.Slice(offset, chunk), _keystream.AsSpan(0, chunk));
            offset += chunk;
        }
    }

    public void EncryptBlock(ReadOnlySpan<byte> input, Span<byte> output)
    {
        input[..BlockSize].CopyTo(_counters);
        _ecb.TransformBlock(_counters, 0, BlockSize, _keystream, 0);
        _keystream.AsSpan(0, BlockSize).CopyTo(output);
    }

    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_keystream);
    }
}
