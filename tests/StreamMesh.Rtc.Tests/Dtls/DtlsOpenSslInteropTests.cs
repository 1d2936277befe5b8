using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using StreamMesh.Rtc.Dtls;
using StreamMesh.Rtc.Srtp;

namespace StreamMesh.Rtc.Tests.Dtls;

/// <summary>
/// DTLS-SRTP over real UDP on 127.0.0.1 against OpenSSL's s_server / s_client: an independent
/// implementation checks our handshake, use_srtp negotiation, mutual certificates and — through
/// its own RFC 5705 exporter output — our RFC 5764 §4.2 key layout.
/// </summary>
public sealed partial class DtlsOpenSslInteropTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("streammesh-dtls-").FullName;
    private string _certificatePath = string.Empty;
    private string _keyPath = string.Empty;
    private DtlsFingerprint? _openSslFingerprint;

    public static TheoryData<SrtpProfile> Profiles => new() { SrtpProfile.AeadAes128Gcm, SrtpProfile.Aes128CmHmacSha1_80 };

    public async Task InitializeAsync()
    {
        if (!OpenSslProcess.IsAvailable())
        {
            return;
        }

        _certificatePath = Path.Combine(_directory, "openssl-cert.pem");
        _keyPath = Path.Combine(_directory, "openssl-key.pem");
        await OpenSslProcess.RunAsync(
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", _keyPath, "-out", _certificatePath, "-days", "2", "-subj", "/CN=openssl-peer");
        using var certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(_certificatePath));
        _openSslFingerprint = DtlsFingerprint.Compute(DtlsFingerprintAlgorithm.Sha256, certificate.RawData);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [OpenSslTheory]
    [MemberData(nameof(Profiles))]
    public async Task HandshakeAsync_ClientAgainstOpenSslServer_ExportsTheSameSrtpKeys(SrtpProfile profile)
    {
        int port = UdpDtlsEndpoint.FindFreeUdpPort();
        await using var server = OpenSslProcess.Start(
            "s_server", "-dtls1_2", "-accept", $"127.0.0.1:{port}", "-cert", _certificatePath, "-key", _keyPath,
            "-use_srtp", OpenSslProfileName(profile), "-Verify", "1", "-naccept", "1",
            "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", MaterialLength(profile));
        await server.WaitForAsync(AcceptLine(), Patience);
        var options = DtlsTestPeers.Options(DtlsRole.Client, DtlsTestPeers.CertificateA, _openSslFingerprint!);
        await using var client = new UdpDtlsEndpoint(options, new IPEndPoint(IPAddress.Loopback, port));

        DtlsSrtpKeys keys = await client.Transport.HandshakeAsync().WaitAsync(Patience);
        Match exported = await server.WaitForAsync(KeyingMaterialLine(), Patience);

        Assert.Equal(profile, keys.Profile);
        Assert.Equal(Convert.FromHexString(exported.Groups[1].Value), Concatenate(keys, DtlsRole.Client));
        Assert.Contains("SRTP Extension negotiated, profile=" + OpenSslProfileName(profile), server.Output, StringComparison.Ordinal);
        Assert.Contains("CN = peer-a", server.Output, StringComparison.Ordinal); // s_server saw our client certificate

        // close_notify ends s_server's only connection, so it exits (-naccept 1).
        client.Transport.Close();
        await server.WaitForExitAsync(Patience);
    }

    [OpenSslTheory]
    [MemberData(nameof(Profiles))]
    public async Task HandshakeAsync_ServerAgainstOpenSslClient_ExportsTheSameSrtpKeysAndSeesCloseNotify(SrtpProfile profile)
    {
        var options = DtlsTestPeers.Options(DtlsRole.Server, DtlsTestPeers.CertificateA, _openSslFingerprint!)
            with { SrtpProfiles = [profile] };
        await using var server = new UdpDtlsEndpoint(options);
        var closed = new TaskCompletionSource<DtlsStateChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Transport.StateChanged += (_, e) =>
        {
            if (e.State is DtlsTransportState.Closed or DtlsTransportState.Failed)
            {
                closed.TrySetResult(e);
            }
        };
        Task<DtlsSrtpKeys> handshake = server.Transport.HandshakeAsync();

        // OpenSSL offers both profiles, CM first; ours is the only one we accept.
        await using var client = OpenSslProcess.Start(
            "s_client", "-dtls1_2", "-connect", $"127.0.0.1:{server.LocalEndPoint.Port}",
            "-cert", _certificatePath, "-key", _keyPath, "-use_srtp", "SRTP_AES128_CM_SHA1_80:SRTP_AEAD_AES_128_GCM",
            "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", MaterialLength(profile));

        DtlsSrtpKeys keys = await handshake.WaitAsync(Patience);
        Match exported = await client.WaitForAsync(KeyingMaterialLine(), Patience);

        Assert.Equal(profile, keys.Profile);
        Assert.Equal(Convert.FromHexString(exported.Groups[1].Value), Concatenate(keys, DtlsRole.Server));
        Assert.Contains("Extended master secret: yes", client.Output, StringComparison.Ordinal);

        // End of input makes s_client shut down with close_notify.
        client.CloseInput();
        DtlsStateChangedEventArgs change = await closed.Task.WaitAsync(Patience);
        Assert.Equal(DtlsTransportState.Closed, change.State);
    }

    [OpenSslTheory]
    [InlineData(300)]
    public async Task HandshakeAsync_ServerGetsClientHelloFragmentedAcrossDatagrams_Completes(int linkMtu)
    {
        // A long server_name plus a small MTU makes OpenSSL split its ClientHello into handshake
        // fragments (RFC 6347 §4.2.3), as a DTLS 1.3-capable Chromium with a large key share would.
        var options = DtlsTestPeers.Options(DtlsRole.Server, DtlsTestPeers.CertificateA, _openSslFingerprint!);
        await using var server = new UdpDtlsEndpoint(options);
        var first = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.DatagramObserved = datagram => first.TrySetResult(datagram);
        Task<DtlsSrtpKeys> handshake = server.Transport.HandshakeAsync();
        string longName = string.Join('.', new string('a', 60), new string('b', 60), new string('c', 60), "example");

        await using var client = OpenSslProcess.Start(
            "s_client", "-dtls1_2", "-mtu", linkMtu.ToString(CultureInfo.InvariantCulture),
            "-connect", $"127.0.0.1:{server.LocalEndPoint.Port}", "-servername", longName,
            "-cert", _certificatePath, "-key", _keyPath, "-use_srtp", "SRTP_AEAD_AES_128_GCM",
            "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", "56");

        DtlsSrtpKeys keys = await handshake.WaitAsync(Patience);
        Match exported = await client.WaitForAsync(KeyingMaterialLine(), Patience);
        byte[] clientHello = await first.Task.WaitAsync(Patience);

        // Handshake header after the 13-byte record header: type(1) length(3) seq(2) frag_offset(3) frag_length(3).
        int messageLength = (clientHello[14] << 16) | (clientHello[15] << 8) | clientHello[16];
        int fragmentLength = (clientHello[22] << 16) | (clientHello[23] << 8) | clientHello[24];
        Assert.Equal(1, clientHello[13]); // client_hello
        Assert.True(fragmentLength < messageLength, $"ClientHello was not fragmented ({fragmentLength} of {messageLength})");
        Assert.Equal(Convert.FromHexString(exported.Groups[1].Value), Concatenate(keys, DtlsRole.Server));
    }

    [OpenSslTheory]
    [InlineData(DtlsRole.Client)]
    [InlineData(DtlsRole.Server)]
    public async Task HandshakeAsync_OpenSslPeerWithUnexpectedCertificate_FailsWithFingerprintMismatch(DtlsRole role)
    {
        var options = DtlsTestPeers.Options(role, DtlsTestPeers.CertificateA, DtlsTestPeers.Stranger.Fingerprint);
        OpenSslProcess peer;
        UdpDtlsEndpoint endpoint;
        if (role == DtlsRole.Client)
        {
            int port = UdpDtlsEndpoint.FindFreeUdpPort();
            peer = OpenSslProcess.Start(
                "s_server", "-dtls1_2", "-accept", $"127.0.0.1:{port}", "-cert", _certificatePath, "-key", _keyPath,
                "-use_srtp", "SRTP_AEAD_AES_128_GCM", "-naccept", "1");
            await peer.WaitForAsync(AcceptLine(), Patience);
            endpoint = new UdpDtlsEndpoint(options, new IPEndPoint(IPAddress.Loopback, port));
        }
        else
        {
            endpoint = new UdpDtlsEndpoint(options);
            peer = OpenSslProcess.Start(
                "s_client", "-dtls1_2", "-connect", $"127.0.0.1:{endpoint.LocalEndPoint.Port}",
                "-cert", _certificatePath, "-key", _keyPath, "-use_srtp", "SRTP_AEAD_AES_128_GCM");
        }

        await using (peer)
        await using (endpoint)
        {
            var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(
                () => endpoint.Transport.HandshakeAsync().WaitAsync(Patience));

            Assert.Equal(DtlsHandshakeFailureReason.FingerprintMismatch, failure.Reason);
            Assert.Equal(DtlsTransportState.Failed, endpoint.Transport.State);
        }
    }

    private static string OpenSslProfileName(SrtpProfile profile) =>
        profile == SrtpProfile.AeadAes128Gcm ? "SRTP_AEAD_AES_128_GCM" : "SRTP_AES128_CM_SHA1_80";

    private static string MaterialLength(SrtpProfile profile) =>
        (profile == SrtpProfile.AeadAes128Gcm ? 56 : 60).ToString(CultureInfo.InvariantCulture);

    /// <summary>Rebuilds the RFC 5764 §4.2 exporter layout from the keys as seen by <paramref name="role"/>.</summary>
    private static byte[] Concatenate(DtlsSrtpKeys keys, DtlsRole role) => role == DtlsRole.Client
        ? [.. keys.LocalMasterKey, .. keys.RemoteMasterKey, .. keys.LocalMasterSalt, .. keys.RemoteMasterSalt]
        : [.. keys.RemoteMasterKey, .. keys.LocalMasterKey, .. keys.RemoteMasterSalt, .. keys.LocalMasterSalt];

    [GeneratedRegex(@"^ACCEPT", RegexOptions.Multiline)]
    private static partial Regex AcceptLine();

    [GeneratedRegex(@"Keying material: ([0-9A-F]+)")]
    private static partial Regex KeyingMaterialLine();
}
