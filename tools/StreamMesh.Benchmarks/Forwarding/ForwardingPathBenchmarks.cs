using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using StreamMesh.Mesh.Streams;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Rtp;
using StreamMesh.Rtc.Srtp;

namespace StreamMesh.Benchmarks.Forwarding;

/// <summary>
/// The per-packet forwarding path of a relay or origin, per forwarded packet: a 1,200-byte H.264
/// RTP packet with abs-send-time and abs-capture-time is published once into a <see cref="LiveStream"/>
/// (one copy into the shared pooled buffer, a reference queued per child), and each of 64 children
/// takes it off its queue, copies it into the send batch slot, rewrites payload type and extension ids
/// for its peer, SRTP-protects it in place with its own context and commits it; the batch goes to the
/// kernel by sendmmsg(2) (or one sendto per packet) to 64 loopback addresses. Inline scheduler, so the
/// whole path runs on the benchmark thread and MemoryDiagnoser sees every byte it allocates.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ForwardingPathBenchmarks
{
    private const int Children = 64;
    private readonly byte[] _packet = new byte[1200];
    private FanOutScheduler _scheduler = null!;
    private LiveStream _stream = null!;
    private UdpMux _mux = null!;
    private Socket[] _sinks = null!;
    private ForwardingChild[] _children = null!;
    private UdpDatagramBatch _batch = null!;
    private ushort _sequence;

    [Params(true, false)]
    public bool SendMmsg { get; set; }

    [Params(SrtpProfile.AeadAes128Gcm, SrtpProfile.Aes128CmHmacSha1_80)]
    public SrtpProfile Profile { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _mux = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback, UseSendMmsg = SendMmsg, SocketSendBufferSize = 4 * 1024 * 1024 });

        // One socket per child, as in a real fan-out: to one shared address the batch would join the
        // children's datagrams into UDP_SEGMENT messages, which no fan-out gets for one packet.
        _sinks = new Socket[Children];
        _batch = new UdpDatagramBatch(64);
        _scheduler = new FanOutScheduler(new FanOutOptions { SendWorkers = 0 });
        var video = new StreamTrack(MediaKind.Video, "H264", 90_000, 0, 0x1111, 0x2222, 102);
        var audio = new StreamTrack(MediaKind.Audio, "opus", 48_000, 2, 0x3333, 0, 111);
        _stream = new LiveStream("bench", video, audio, TimeProvider.System, _scheduler);
        var random = new Random(1);
        _children = new ForwardingChild[Children];
        for (var i = 0; i < Children; i++)
        {
            var key = new byte[Profile.MasterKeyLength()];
            var salt = new byte[Profile.MasterSaltLength()];
            random.NextBytes(key);
            random.NextBytes(salt);
            var extensions = new ExtensionIdMap(new Dictionary<byte, byte> { [StreamTrack.AbsSendTimeId] = 4, [StreamTrack.AbsCaptureTimeId] = 5 }, [4, 5]);
            _sinks[i] = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            _sinks[i].Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var sinkAddress = _mux.CreateSocketAddress((IPEndPoint)_sinks[i].LocalEndPoint!);
            _children[i] = new ForwardingChild(new SrtpContext(Profile, key, salt), extensions, _mux, sinkAddress, _batch);
            _stream.Attach(_children[i]);
        }

        random.NextBytes(_packet);
        _packet[0] = 0x90; // V=2, X=1
        _packet[1] = 102;
        BinaryPrimitives.WriteUInt32BigEndian(_packet.AsSpan(8), 0x1111);
        BinaryPrimitives.WriteUInt16BigEndian(_packet.AsSpan(12), 0xBEDE);
        BinaryPrimitives.WriteUInt16BigEndian(_packet.AsSpan(14), 4); // 16 bytes of elements
        _packet[16] = (StreamTrack.AbsSendTimeId << 4) | 2;
        _packet[20] = (StreamTrack.AbsCaptureTimeId << 4) | 7;
        _packet[29] = 0;
        _packet[30] = 0;
        _packet[31] = 0;
        _packet[32] = 0x7C; // FU-A
        _packet[33] = 0x01;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stream.Dispose();
        _scheduler.Dispose();
        _batch.Dispose();
        _mux.Dispose();
        foreach (var sink in _sinks)
        {
            sink.Dispose();
        }
    }

    /// <summary>One publish fanned out to 64 children: the reported time and bytes are per forwarded packet.</summary>
    [Benchmark(OperationsPerInvoke = Children)]
    public void PublishAndForwardToEveryChild()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_packet.AsSpan(2), _sequence++);
        _stream.PublishVideo(_packet, startsKeyframe: false);
        _batch.Flush();
    }

    /// <summary>What WhepSession does per child on its send worker, with a plain SRTP context instead of a live connection.</summary>
    private sealed class ForwardingChild(SrtpContext srtp, ExtensionIdMap extensions, UdpMux mux, SocketAddress remote, UdpDatagramBatch batch) : IStreamSubscriber
    {
        public void SendPacket(MediaKind kind, ReadOnlySpan<byte> rtpPacket)
        {
            var slot = batch.Reserve(mux);
            rtpPacket.CopyTo(slot);
            var packet = slot[..rtpPacket.Length];
            RtpHeaderRewriter.SetPayloadType(packet, 96);
            extensions.Apply(packet);
            if (srtp.ProtectRtp(slot, rtpPacket.Length, out var length) == SrtpResult.Ok)
            {
                batch.Commit(length, remote);
            }
        }
    }
}
