using System.Security.Cryptography;

namespace StreamMesh.Rtc.Ice;

/// <summary>Local ICE credentials (RFC 8445 §5.3, RFC 8839 §5.4 ice-ufrag / ice-pwd).</summary>
public static class IceCredentials
{
    /// <summary>Length of generated ufrags: 8 ice-chars, 48 random bits (at least 24 required).</summary>
    public const int GeneratedUsernameFragmentLength = 8;

    /// <summary>Length of generated passwords: 24 ice-chars, 144 random bits (at least 128 required).</summary>
    public const int GeneratedPasswordLength = 24;

    /// <summary>Minimum ufrag length (RFC 8839 §5.4).</summary>
    public const int MinUsernameFragmentLength = 4;

    /// <summary>Minimum password length (RFC 8839 §5.4).</summary>
    public const int MinPasswordLength = 22;

    /// <summary>Maximum length of either (RFC 8839 §5.4).</summary>
    public const int MaxLength = 256;

    /// <summary>ice-char = ALPHA / DIGIT / "+" / "/" (RFC 8839 §5.1).</summary>
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>A random ufrag from a cryptographic generator.</summary>
    public static string GenerateUsernameFragment() => RandomNumberGenerator.GetString(IceChars, GeneratedUsernameFragmentLength);

    /// <summary>A random password from a cryptographic generator.</summary>
    public static string GeneratePassword() => RandomNumberGenerator.GetString(IceChars, GeneratedPasswordLength);

    /// <summary>A random 64-bit tie-breaker (RFC 8445 §6.1.1).</summary>
    public static ulong GenerateTieBreaker()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt64(bytes);
    }

    /// <summary>Whether every character is an ice-char.</summary>
    public static bool IsIceChars(ReadOnlySpan<char> value)
    {
        foreach (char c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '/')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="ufrag"/> is a syntactically valid ice-ufrag.</summary>
    public static bool IsValidUsernameFragment(string? ufrag) =>
        ufrag is { Length: >= MinUsernameFragmentLength and <= MaxLength } && IsIceChars(ufrag);

    /// <summary>Whether <paramref name="password"/> is a syntactically valid ice-pwd.</summary>
    public static bool IsValidPassword(string? password) =>
        password is { Length: >= MinPasswordLength and <= MaxLength } && IsIceChars(password);
}
