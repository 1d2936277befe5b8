using StreamMesh.Rtc.Srtp;

namespace StreamMesh.Rtc.Tests.Srtp;

/// <summary>Contexts with deterministic master keys for behaviour tests.</summary>
internal static class Sessions
{
    /// <summary>A context whose master key and salt are derived from <paramref name="seed"/>; equal seeds pair up.</summary>
    public static SrtpContext Create(SrtpProfile profile, int seed)
    {
        var random = new Random(seed);
        var key = new byte[profile.MasterKeyLength()];
        var salt = new byte[profile.MasterSaltLength()];
        random.NextBytes(key);
        random.NextBytes(salt);
        return new SrtpContext(profile, key, salt);
    }

    /// <summary>Protects a <see cref="TestPackets.Rtp"/> buffer and returns exactly the SRTP packet.</summary>
    public static byte[] Protect(SrtpContext sender, byte[] buffer)
    {
        SrtpResult result = sender.ProtectRtp(buffer, TestPackets.Length(buffer), out int protectedLength);
        Assert.Equal(SrtpResult.Ok, result);
        return buffer[..protectedLength];
    }

    /// <summary>Protects a <see cref="TestPackets.Rtcp"/> buffer and returns exactly the SRTCP packet.</summary>
    public static byte[] ProtectRtcp(SrtpContext sender, byte[] buffer, bool encrypt = true)
    {
        SrtpResult result = sender.ProtectRtcp(buffer, buffer.Length - TestPackets.Spare, encrypt, out int protectedLength);
        Assert.Equal(SrtpResult.Ok, result);
        return buffer[..protectedLength];
    }
}
