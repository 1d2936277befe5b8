using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace StreamMesh.Rtc.Dtls;

/// <summary>
/// A certificate fingerprint as carried in SDP: <c>a=fingerprint:sha-256 AB:CD:...</c> (RFC 8122 §5).
/// Immutable; compares by algorithm and hash bytes.
/// </summary>
public sealed class DtlsFingerprint : IEquatable<DtlsFingerprint>
{
    private const string AttributePrefix = "a=";
    private const string AttributeName = "fingerprint:";

    private readonly byte[] _hash;

    private DtlsFingerprint(DtlsFingerprintAlgorithm algorithm, byte[] hash)
    {
        Algorithm = algorithm;
        _hash = hash;
    }

    /// <summary>The hash function.</summary>
    public DtlsFingerprintAlgorithm Algorithm { get; }

    /// <summary>The hash function's SDP name ("sha-256").</summary>
    public string AlgorithmName => GetAlgorithmName(Algorithm);

    /// <summary>The raw hash bytes.</summary>
    public ReadOnlySpan<byte> Hash => _hash;

    /// <summary>Builds a fingerprint from raw hash bytes; throws if the length does not fit the algorithm.</summary>
    public static DtlsFingerprint Create(DtlsFingerprintAlgorithm algorithm, ReadOnlySpan<byte> hash)
    {
        int expected = GetHashLength(algorithm);
        if (hash.Length != expected)
        {
            throw new ArgumentException(
                $"A {GetAlgorithmName(algorithm)} fingerprint has {expected} bytes, got {hash.Length}.", nameof(hash));
        }

        return new DtlsFingerprint(algorithm, hash.ToArray());
    }

    /// <summary>Hashes a DER-encoded certificate (RFC 8122 §5: the hash covers the whole DER certificate).</summary>
    public static DtlsFingerprint Compute(DtlsFingerprintAlgorithm algorithm, ReadOnlySpan<byte> certificateDer)
    {
        var hash = new byte[GetHashLength(algorithm)];
        HashInto(algorithm, certificateDer, hash);
        return new DtlsFingerprint(algorithm, hash);
    }

    /// <summary>Whether <paramref name="certificateDer"/> hashes (with this fingerprint's algorithm) to this value.</summary>
    public bool Matches(ReadOnlySpan<byte> certificateDer)
    {
        Span<byte> actual = stackalloc byte[64];
        actual = actual[..GetHashLength(Algorithm)];
        HashInto(Algorithm, certificateDer, actual);
        return CryptographicOperations.FixedTimeEquals(actual, _hash);
    }

    /// <summary>
    /// Parses <c>sha-256 AB:CD:...</c>, optionally prefixed by <c>a=fingerprint:</c> or <c>fingerprint:</c>.
    /// Hash names and hex digits are case-insensitive (RFC 8122 §5 mandates uppercase when sending, but
    /// peers are not all strict). Never throws.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        if (text is null)
        {
            return false;
        }

        ReadOnlySpan<char> span = text.AsSpan().Trim();
        if (span.StartsWith(AttributePrefix, StringComparison.OrdinalIgnoreCase))
        {
            span = span[AttributePrefix.Length..];
        }

        if (span.StartsWith(AttributeName, StringComparison.OrdinalIgnoreCase))
        {
            span = span[AttributeName.Length..].TrimStart();
        }

        int separator = span.IndexOfAny(' ', '\t');
        if (separator <= 0 || !TryParseAlgorithmName(span[..separator], out var algorithm))
        {
            return false;
        }

        ReadOnlySpan<char> hex = span[separator..].Trim();
        int length = GetHashLength(algorithm);
        if (hex.Length != (length * 3) - 1)
        {
            return false;
        }

        var hash = new byte[length];
        for (int i = 0; i < length; i++)
        {
            int at = i * 3;
            int high = HexValue(hex[at]);
            int low = HexValue(hex[at + 1]);
            if (high < 0 || low < 0 || (i < length - 1 && hex[at + 2] != ':'))
            {
                return false;
            }

            hash[i] = (byte)((high << 4) | low);
        }

        fingerprint = new DtlsFingerprint(algorithm, hash);
        return true;
    }

    /// <summary>Parses like <see cref="TryParse"/> but throws <see cref="FormatException"/> on bad input.</summary>
    public static DtlsFingerprint Parse(string text) =>
        TryParse(text, out var fingerprint)
            ? fingerprint
            : throw new FormatException($"'{text}' is not an SDP fingerprint such as 'sha-256 AB:CD:...'.");

    /// <summary>Maps an SDP hash name ("sha-256", case-insensitive) to the algorithm. Never throws.</summary>
    public static bool TryParseAlgorithmName(ReadOnlySpan<char> name, out DtlsFingerprintAlgorithm algorithm)
    {
        foreach (DtlsFingerprintAlgorithm candidate in (ReadOnlySpan<DtlsFingerprintAlgorithm>)
                 [DtlsFingerprintAlgorithm.Sha1, DtlsFingerprintAlgorithm.Sha256, DtlsFingerprintAlgorithm.Sha384, DtlsFingerprintAlgorithm.Sha512])
        {
            if (name.Equals(GetAlgorithmName(candidate), StringComparison.OrdinalIgnoreCase))
            {
                algorithm = candidate;
                return true;
            }
        }

        algorithm = default;
        return false;
    }

    /// <summary>The SDP name of a hash function.</summary>
    public static string GetAlgorithmName(DtlsFingerprintAlgorithm algorithm) => algorithm switch
    {
        DtlsFingerprintAlgorithm.Sha1 => "sha-1",
        DtlsFingerprintAlgorithm.Sha256 => "sha-256",
        DtlsFingerprintAlgorithm.Sha384 => "sha-384",
        DtlsFingerprintAlgorithm.Sha512 => "sha-512",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown fingerprint algorithm."),
    };

    /// <summary>The digest length in bytes of a hash function.</summary>
    public static int GetHashLength(DtlsFingerprintAlgorithm algorithm) => algorithm switch
    {
        DtlsFingerprintAlgorithm.Sha1 => 20,
        DtlsFingerprintAlgorithm.Sha256 => 32,
        DtlsFingerprintAlgorithm.Sha384 => 48,
        DtlsFingerprintAlgorithm.Sha512 => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown fingerprint algorithm."),
    };

    /// <summary>The SDP attribute value: <c>sha-256 AB:CD:...</c> (uppercase hex, colon separated).</summary>
    public override string ToString()
    {
        string name = AlgorithmName;
        return string.Create(name.Length + 1 + (_hash.Length * 3) - 1, (name, hash: _hash), static (chars, state) =>
        {
            state.name.AsSpan().CopyTo(chars);
            int at = state.name.Length;
            chars[at++] = ' ';
            for (int i = 0; i < state.hash.Length; i++)
            {
                if (i > 0)
                {
                    chars[at++] = ':';
                }

                chars[at++] = UpperHexDigit(state.hash[i] >> 4);
                chars[at++] = UpperHexDigit(state.hash[i] & 0xF);
            }
        });
    }

    /// <summary>The whole SDP line body: <c>a=fingerprint:sha-256 AB:CD:...</c>.</summary>
    public string ToSdpAttribute() => AttributePrefix + AttributeName + ToString();

    /// <inheritdoc/>
    public bool Equals(DtlsFingerprint? other) =>
        other is not null && other.Algorithm == Algorithm && other._hash.AsSpan().SequenceEqual(_hash);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DtlsFingerprint);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Algorithm);
        hash.AddBytes(_hash);
        return hash.ToHashCode();
    }

    /// <summary>Value equality.</summary>
    public static bool operator ==(DtlsFingerprint? left, DtlsFingerprint? right) =>
        left is null ? right is null : left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(DtlsFingerprint? left, DtlsFingerprint? right) => !(left == right);

    private static void HashInto(DtlsFingerprintAlgorithm algorithm, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        switch (algorithm)
        {
            case DtlsFingerprintAlgorithm.Sha1:
                // SHA-1 is only ever used to check a fingerprint a remote peer chose to send (RFC 8122 §5
                // still lists it); we never advertise it.
#pragma warning disable CA5350 // Do not use weak cryptographic algorithms
                SHA1.HashData(data, destination);
#pragma warning restore CA5350
                break;
            case DtlsFingerprintAlgorithm.Sha256:
                SHA256.HashData(data, destination);
                break;
            case DtlsFingerprintAlgorithm.Sha384:
                SHA384.HashData(data, destination);
                break;
            case DtlsFingerprintAlgorithm.Sha512:
                SHA512.HashData(data, destination);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown fingerprint algorithm.");
        }
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };

    private static char UpperHexDigit(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);
}
