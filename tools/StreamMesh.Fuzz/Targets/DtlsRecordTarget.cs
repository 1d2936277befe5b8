using System.Collections.Concurrent;
using StreamMesh.Fuzz.Engine;
using StreamMesh.Fuzz.Seeds;
using StreamMesh.Rtc.Dtls;

namespace StreamMesh.Fuzz.Targets;

/// <summary>
/// DTLS record framing (RFC 6347 §4.1) through the public entry point, <see cref="DtlsTransport.ReceiveDatagram"/>:
/// its framing check decides malformed vs queued. The receiving transport is a server whose handshake
/// is running, so datagrams that pass the check are read by the DTLS engine on its own thread; the
/// transport is replaced periodically (outside measurement) so its bounded queue keeps draining.
/// </summary>
public sealed class DtlsRecordTarget : FuzzTarget, IDisposable
{
    private readonly DtlsCertificate _local = DtlsCertificate.Generate();
    private readonly DtlsCertificate _remote = DtlsCertificate.Generate();
    private DtlsTransport? _transport;
    private Exception? _unexpectedHandshakeError;

    public override string Name => "dtls-record";

    public override string Description => "DtlsTransport.ReceiveDatagram (record framing check, queue, handshake engine)";

    public override int MaxInputLength => 4096;

    public override int RefreshInterval => 2048;

    public override IReadOnlyList<byte[]> CreateSeeds(ulong seed)
    {
        var seeds = new List<byte[]>(DtlsRecordSeeds.Synthetic());
        seeds.AddRange(CaptureClientHello());
        return seeds;
    }

    public override long AllocationBound(int inputLength) => 1024 + (2L * inputLength);

    public override void Refresh(FuzzRandom random)
    {
        _transport?.Dispose();
        _transport = new DtlsTransport(Options(DtlsRole.Server, _local, _remote.Fingerprint) with { ReceiveQueueCapacity = 256 }, _ => { });
        _transport.HandshakeAsync().ContinueWith(
            t =>
            {
                if (t.Exception?.InnerException is { } error and not (DtlsHandshakeException or OperationCanceledException))
                {
                    Interlocked.CompareExchange(ref _unexpectedHandshakeError, error, null);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public override int Execute(ReadOnlySpan<byte> input)
    {
        DtlsTransport transport = _transport ?? throw new InvalidOperationException("Refresh was not called.");
        if (Interlocked.Exchange(ref _unexpectedHandshakeError, null) is { } error)
        {
            // The handshake engine failed with something other than a handshake failure on an earlier input.
            throw new InvalidOperationException($"DTLS handshake ended with {error.GetType().Name}: {error.Message}", error);
        }

        long malformed = transport.MalformedDatagramsDropped;
        long overflow = transport.QueueOverflowDatagramsDropped;
        transport.ReceiveDatagram(input);
        return (transport.MalformedDatagramsDropped != malformed ? 1 : 0)
            | (transport.QueueOverflowDatagramsDropped != overflow ? 2 : 0)
            | ((int)transport.State << 2);
    }

    public void Dispose()
    {
        _transport?.Dispose();
        _transport = null;
    }

    private static DtlsTransportOptions Options(DtlsRole role, DtlsCertificate local, DtlsFingerprint remote) => new()
    {
        Role = role,
        Certificate = local,
        RemoteFingerprint = remote,
        HandshakeTimeout = TimeSpan.FromSeconds(5),
    };

    // A real ClientHello flight (cookie exchange start) from our own client, as seen on the wire.
    private List<byte[]> CaptureClientHello()
    {
        var sent = new ConcurrentQueue<byte[]>();
        using var firstFlight = new SemaphoreSlim(0);
        using var client = new DtlsTransport(Options(DtlsRole.Client, _remote, _local.Fingerprint), datagram =>
        {
            sent.Enqueue(datagram.ToArray());
            firstFlight.Release();
        });
        Task handshake = client.HandshakeAsync();
        firstFlight.Wait(TimeSpan.FromSeconds(10));
        client.Close();
        handshake.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
        return [.. sent];
    }
}
