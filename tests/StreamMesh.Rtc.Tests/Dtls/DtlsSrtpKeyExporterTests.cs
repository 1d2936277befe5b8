using StreamMesh.Rtc.Dtls;
using StreamMesh.Rtc.Srtp;

namespace StreamMesh.Rtc.Tests.Dtls;

public sealed class DtlsSrtpKeyExporterTests
{
    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80, 16, 14)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 16, 12)]
    public void Split_SequentialMaterial_FollowsRfc5764Layout(SrtpProfile profile, int keyLength, int saltLength)
    {
        // RFC 5764 §4.2: client_write_key | server_write_key | client_write_salt | server_write_salt.
        // Bytes 0,1,2,... make every slice's position visible.
        byte[] material = Enumerable.Range(0, 2 * (keyLength + saltLength)).Select(i => (byte)i).ToArray();
        byte[] clientKey = material[..keyLength];
        byte[] serverKey = material[keyLength..(2 * keyLength)];
        byte[] clientSalt = material[(2 * keyLength)..((2 * keyLength) + saltLength)];
        byte[] serverSalt = material[((2 * keyLength) + saltLength)..];

        DtlsSrtpKeys client = DtlsSrtpKeyExporter.Split(profile, material, DtlsRole.Client);
        DtlsSrtpKeys server = DtlsSrtpKeyExporter.Split(profile, material, DtlsRole.Server);

        Assert.Equal(material.Length, DtlsSrtpKeyExporter.GetKeyingMaterialLength(profile));
        Assert.Equal(profile, client.Profile);
        Assert.Equal(clientKey, client.LocalMasterKey);
        Assert.Equal(clientSalt, client.LocalMasterSalt);
        Assert.Equal(serverKey, client.RemoteMasterKey);
        Assert.Equal(serverSalt, client.RemoteMasterSalt);
        Assert.Equal(serverKey, server.LocalMasterKey);
        Assert.Equal(serverSalt, server.LocalMasterSalt);
        Assert.Equal(clientKey, server.RemoteMasterKey);
        Assert.Equal(clientSalt, server.RemoteMasterSalt);
    }

    [Fact]
    public void Split_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => DtlsSrtpKeyExporter.Split(SrtpProfile.AeadAes128Gcm, new byte[60], DtlsRole.Client));
    }
}
