using Microsoft.Extensions.Time.Testing;
using StreamMesh.Rtc.Dtls;

namespace StreamMesh.Rtc.Tests.Dtls;

/// <summary>Two transports joined by in-memory pipes; A's and B's certificates are shared by all tests.</summary>
internal sealed class DtlsTestPeers : IDisposable
{
    /// <summary>Guard against a hung test; never expected to be reached.</summary>
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(90);

    public static readonly DtlsCertificate CertificateA = DtlsCertificate.Generate(commonName: "peer-a");
    public static readonly DtlsCertificate CertificateB = DtlsCertificate.Generate(commonName: "peer-b");
    public static readonly DtlsCertificate Stranger = DtlsCertificate.Generate(commonName: "stranger");

    private DtlsTestPeers(DtlsTransport a, DtlsTransport b, DatagramPipe aToB, DatagramPipe bToA)
    {
        A = a;
        B = b;
        AToB = aToB;
        BToA = bToA;
    }

    public DtlsTransport A { get; }

    public DtlsTransport B { get; }

    public DatagramPipe AToB { get; }

    public DatagramPipe BToA { get; }

    /// <summary>
    /// Builds A (role <paramref name="roleOfA"/>) and B (the other role), each expecting the other's
    /// certificate unless the configure callbacks say otherwise. The handshake timeout runs on a
    /// never-advanced fake clock by default so a slow machine cannot trip it.
    /// </summary>
    public static DtlsTestPeers Create(
        DtlsRole roleOfA,
        Func<DtlsTransportOptions, DtlsTransportOptions>? configureA = null,
        Func<DtlsTransportOptions, DtlsTransportOptions>? configureB = null,
        DatagramFilter? aToBFilter = null,
        DatagramFilter? bToAFilter = null,
        TimeProvider? timeProvider = null,
        bool splitRecords = false)
    {
        timeProvider ??= new FakeTimeProvider();
        var aToB = new DatagramPipe(aToBFilter, splitRecords);
        var bToA = new DatagramPipe(bToAFilter, splitRecords);
        DtlsRole roleOfB = roleOfA == DtlsRole.Client ? DtlsRole.Server : DtlsRole.Client;

        var optionsA = Options(roleOfA, CertificateA, CertificateB.Fingerprint);
        var optionsB = Options(roleOfB, CertificateB, CertificateA.Fingerprint);
        var a = new DtlsTransport(configureA?.Invoke(optionsA) ?? optionsA, aToB.Send, timeProvider);
        var b = new DtlsTransport(configureB?.Invoke(optionsB) ?? optionsB, bToA.Send, timeProvider);
        aToB.Target = b;
        bToA.Target = a;
        return new DtlsTestPeers(a, b, aToB, bToA);
    }

    public static DtlsTransportOptions Options(DtlsRole role, DtlsCertificate certificate, DtlsFingerprint remote) => new()
    {
        Role = role,
        Certificate = certificate,
        RemoteFingerprint = remote,
    };

    /// <summary>Starts both handshakes and waits for both outcomes.</summary>
    public async Task<(DtlsSrtpKeys A, DtlsSrtpKeys B)> HandshakeAsync()
    {
        Task<DtlsSrtpKeys> a = A.HandshakeAsync();
        Task<DtlsSrtpKeys> b = B.HandshakeAsync();
        DtlsSrtpKeys[] keys = await Task.WhenAll(a, b).WaitAsync(Guard);
        return (keys[0], keys[1]);
    }

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }
}
