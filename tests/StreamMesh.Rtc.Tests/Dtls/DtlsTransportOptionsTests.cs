using StreamMesh.Rtc.Dtls;
using StreamMesh.Rtc.Srtp;

namespace StreamMesh.Rtc.Tests.Dtls;

public sealed class DtlsTransportOptionsTests
{
    private static DtlsTransportOptions Valid => DtlsTestPeers.Options(
        DtlsRole.Client, DtlsTestPeers.CertificateA, DtlsTestPeers.CertificateB.Fingerprint);

    public static TheoryData<string, Func<DtlsTransportOptions, DtlsTransportOptions>> InvalidChanges => new()
    {
        { "Role", o => o with { Role = (DtlsRole)7 } },
        { "Certificate", o => o with { Certificate = null! } },
        { "RemoteFingerprint", o => o with { RemoteFingerprint = null! } },
        { "SrtpProfiles", o => o with { SrtpProfiles = [] } },
        { "SrtpProfiles", o => o with { SrtpProfiles = [SrtpProfile.AeadAes128Gcm, SrtpProfile.AeadAes128Gcm] } },
        { "SrtpProfiles", o => o with { SrtpProfiles = [(SrtpProfile)0x0002] } },
        { "HandshakeTimeout", o => o with { HandshakeTimeout = TimeSpan.Zero } },
        { "Mtu", o => o with { Mtu = 100 } },
        { "Mtu", o => o with { Mtu = 70_000 } },
        { "InitialRetransmitTimeout", o => o with { InitialRetransmitTimeout = TimeSpan.FromMilliseconds(1) } },
        { "ReceiveQueueCapacity", o => o with { ReceiveQueueCapacity = 0 } },
    };

    [Fact]
    public void Validate_Defaults_Accepted()
    {
        DtlsTransportOptions options = Valid;

        options.Validate();

        Assert.Equal([SrtpProfile.AeadAes128Gcm, SrtpProfile.Aes128CmHmacSha1_80], options.SrtpProfiles);
        Assert.Equal(TimeSpan.FromSeconds(10), options.HandshakeTimeout);
        Assert.Equal(1200, options.Mtu);
    }

    [Theory]
    [MemberData(nameof(InvalidChanges))]
    public void Validate_InvalidSetting_ThrowsNamingIt(string parameter, Func<DtlsTransportOptions, DtlsTransportOptions> change)
    {
        var exception = Assert.Throws<ArgumentException>(() => change(Valid).Validate());

        Assert.Equal(parameter, exception.ParamName);
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentException>(() => new DtlsTransport(Valid with { Mtu = 1 }, static _ => { }));
    }
}
