using Microsoft.Extensions.Time.Testing;
using StreamMesh.Media.Audio;
using StreamMesh.Mesh.Viewer;
using StreamMesh.Rtc.Rtp;
using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Codecs;
using StreamMesh.Rtc.Sdp.Negotiation;

namespace StreamMesh.Mesh.Tests.Viewer;

public sealed class ViewerSessionTests
{
    private const byte VideoPt = 102;
    private const byte RtxPt = 103;
    private const byte AudioPt = 111;
    private const uint VideoSsrc = 0x1111;
    private const uint RtxSsrc = 0x2222;
    private const uint AudioSsrc = 0x3333;

    [Fact]
    public void OnRtp_AudioWithHoles_GapsMissingAndConcealmentAgree()
    {
        using var session = new ViewerSession(Negotiated(), new ViewerOptions(), null, new FakeTimeProvider());
        var packets = OpusPackets(60);
        for (var i = 0; i < packets.Count; i++)
        {
            if (i is 10 or 11 or 30)
            {
                continue;
            }

            session.OnRtp(null!, Rtp(AudioPt, AudioSsrc, (ushort)(1000 + i), (uint)(i * 960), marker: false, packets[i]));
        }

        var audio = session.Snapshot().Audio;
        Assert.Equal(57, audio.Packets);
        Assert.Equal(2, audio.Gaps);
        Assert.Equal(3, audio.MissingPackets);
        Assert.Equal(3, audio.NetworkLost);
        Assert.Equal(3, audio.ConcealedFrames + audio.FecRecoveredFrames);
        Assert.Equal(57, audio.DecodedFrames);
        Assert.Equal(0, audio.Discontinuities);
    }

    [Fact]
    public void OnRtp_InjectedAudioLoss_EveryDetectableDropIsAGap()
    {
        using var session = new ViewerSession(Negotiated(), new ViewerOptions { InjectedAudioLoss = 0.1, InjectedLossSeed = 3 }, null, new FakeTimeProvider());
        var packets = OpusPackets(300);
        for (var i = 0; i < packets.Count; i++)
        {
            session.OnRtp(null!, Rtp(AudioPt, AudioSsrc, (ushort)(65000 + i), (uint)(i * 960), marker: false, packets[i]));
        }

        var audio = session.Snapshot().Audio;
        Assert.True(audio.InjectedLost > 10, $"only {audio.InjectedLost} injected");
        Assert.Equal(0, audio.NetworkLost);
        Assert.Equal(audio.InjectedLost, audio.MissingPackets);
        Assert.Equal(audio.InjectedGaps, audio.Gaps);
    }

    [Fact]
    public void OnRtp_VideoHoleRepairedByRtx_FramesReleasedInOrder()
    {
        var sink = new FrameSink();
        using var session = new ViewerSession(Negotiated(), new ViewerOptions(), sink, new FakeTimeProvider());
        var originals = new List<byte[]>();
        for (var i = 0; i < 5; i++)
        {
            originals.Add(Rtp(VideoPt, VideoSsrc, (ushort)(500 + i), (uint)(i * 3000), marker: true, i == 0 ? [0x65, 0x88, 0x80] : [0x41, 0x9A, 0x00]));
        }

        foreach (var index in new[] { 0, 1, 3, 4 })
        {
            session.OnRtp(null!, originals[index]);
        }

        Assert.Equal(2, session.Snapshot().Video.Frames);

        var rtx = new byte[1500];
        Assert.True(RtxPacket.TryWrap(originals[2], rtx, RtxSsrc, RtxPt, 7, out var length));
        session.OnRtp(null!, rtx.AsSpan(0, length));

        var video = session.Snapshot().Video;
        Assert.Equal(5, video.Frames);
        Assert.Equal(1, video.Keyframes);
        Assert.Equal(1, video.Retransmissions);
        Assert.Equal(1, video.NetworkLost);
        Assert.Equal(0, video.LostAfterRepair);
        Assert.Equal([0L, 3000, 6000, 9000, 12000], sink.Timestamps);
    }

    [Fact]
    public void OnTick_HoleNeverRepaired_GivenUpAfterWindowAndWaitsForKeyframe()
    {
        var time = new FakeTimeProvider();
        using var session = new ViewerSession(Negotiated(), new ViewerOptions { ReorderWindow = TimeSpan.FromMilliseconds(200) }, null, time);
        session.OnRtp(null!, Rtp(VideoPt, VideoSsrc, 10, 0, marker: true, [0x65, 0x88, 0x80]));
        session.OnRtp(null!, Rtp(VideoPt, VideoSsrc, 12, 6000, marker: true, [0x41, 0x9A, 0x00]));

        time.Advance(TimeSpan.FromMilliseconds(100));
        session.OnTick();
        Assert.Equal(0, session.Snapshot().Video.LostAfterRepair);

        time.Advance(TimeSpan.FromMilliseconds(100));
        session.OnTick();
        var video = session.Snapshot().Video;
        Assert.Equal(1, video.LostAfterRepair);
        Assert.Equal(1, video.Frames); // the frame after the hole references the lost one: withheld

        session.OnRtp(null!, Rtp(VideoPt, VideoSsrc, 13, 9000, marker: true, [0x65, 0x88, 0x84]));
        Assert.Equal(2, session.Snapshot().Video.Keyframes);
    }

    private static byte[] Rtp(byte payloadType, uint ssrc, ushort sequence, uint timestamp, bool marker, ReadOnlySpan<byte> payload)
    {
        var header = new RtpHeader { PayloadType = payloadType, Ssrc = ssrc, SequenceNumber = sequence, Timestamp = timestamp, Marker = marker };
        var buffer = new byte[RtpHeader.FixedLength + payload.Length];
        var length = header.WriteTo(buffer);
        payload.CopyTo(buffer.AsSpan(length));
        return buffer;
    }

    private static List<byte[]> OpusPackets(int count)
    {
        using var encoder = new OpusAudioEncoder();
        var pcm = new short[960 * 2];
        var output = new byte[OpusAudioEncoder.MaxPacketSize];
        var packets = new List<byte[]>();
        for (var p = 0; p < count; p++)
        {
            for (var i = 0; i < 960; i++)
            {
                var sample = (short)(8000 * Math.Sin(2 * Math.PI * 440 * ((p * 960) + i) / 48_000.0));
                pcm[2 * i] = pcm[(2 * i) + 1] = sample;
            }

            var length = encoder.Encode(pcm, output);
            packets.Add(output.AsSpan(0, length).ToArray());
        }

        return packets;
    }

    private static NegotiatedSession Negotiated() => new()
    {
        RemoteIceUfrag = "ufrag",
        RemoteIcePwd = "password",
        RemoteFingerprints = ["sha-256 00"],
        LocalSetup = SdpSetupRole.Active,
        IceControlling = true,
        BundleMids = ["0", "1"],
        Media =
        [
            new NegotiatedMedia
            {
                Index = 0,
                Mid = "0",
                Kind = SdpMediaKind.Video,
                Codec = Codec(VideoPt, RtpCodecNames.H264, 90_000, 1),
                RtxPayloadType = RtxPt,
                RemoteSsrcs = [VideoSsrc, RtxSsrc],
                RemoteFidGroups = [new SsrcFidPair(VideoSsrc, RtxSsrc)],
            },
            new NegotiatedMedia
            {
                Index = 1,
                Mid = "1",
                Kind = SdpMediaKind.Audio,
                Codec = Codec(AudioPt, RtpCodecNames.Opus, 48_000, 2),
                RemoteSsrcs = [AudioSsrc],
            },
        ],
    };

    private static NegotiatedCodec Codec(int payloadType, string name, int clockRate, int channels) => new()
    {
        PayloadType = payloadType,
        Name = name,
        ClockRate = clockRate,
        Channels = channels,
        LocalParameters = FormatParameters.Empty,
        RemoteParameters = FormatParameters.Empty,
    };

    private sealed class FrameSink : IRecordingSink
    {
        public long AudioSamples { get; private set; }

        public List<long> Timestamps { get; } = [];

        public void Start()
        {
        }

        public void WriteVideo(ReadOnlySpan<byte> frame, long timestamp90kHz) => Timestamps.Add(timestamp90kHz);

        public void WriteAudio(ReadOnlySpan<short> interleaved) => AudioSamples += interleaved.Length / 2;

        public void WriteSilence(long samplesPerChannel) => AudioSamples += samplesPerChannel;
    }
}
