using System.Buffers.Binary;
using Microsoft.Extensions.Time.Testing;
using StreamMesh.Mesh.Streams;
using StreamMesh.Mesh.Tree;
using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Rtp;

namespace StreamMesh.Mesh.Tests.Streams;

/// <summary>
/// One relay hop built from the pieces a relay uses, in the order it uses them: the parent's extension
/// ids mapped to the canonical ones (UpstreamLink), sequence and timestamp mapped into the relay's space
/// (RtpStreamRewriter), fanned out through a LiveStream, and mapped to each child's negotiated ids
/// (WhepSession's ExtensionIdMap).
/// </summary>
public sealed class RelayForwardingChainTests
{
    private const byte ParentSendTimeId = 6;
    private const byte ParentCaptureTimeId = 9;
    private const byte ChildSendTimeId = 4;
    private const byte ChildCaptureTimeId = 12;

    [Fact]
    public void Forward_ThroughTwoHops_AbsCaptureTimeArrivesUnchanged()
    {
        var capture = NtpTimestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 26, 1, 2, 3, 456, TimeSpan.Zero));
        var offset = AbsCaptureTimeExtension.TimeSpanToOffset(TimeSpan.FromMilliseconds(-12.5));
        var packet = ParentPacket(sequence: 100, timestamp: 9000, capture, offset);

        var afterFirstHop = ThroughRelay(packet, ParentCaptureTimeId, ParentSendTimeId);
        var afterSecondHop = ThroughRelay(afterFirstHop, ChildCaptureTimeId, ChildSendTimeId);

        Assert.True(RtpPacket.TryParse(afterSecondHop, out var parsed));
        Assert.True(parsed.Header.TryGetExtension(ChildCaptureTimeId, out var value));
        Assert.True(AbsCaptureTimeExtension.TryRead(value, out var forwarded, out var forwardedOffset));
        Assert.Equal(capture, forwarded);
        Assert.Equal(offset, forwardedOffset);
        Assert.Equal(packet.Length, afterSecondHop.Length);
    }

    [Fact]
    public void Rewrite_ParentSwitch_SequenceFollowsOnAndTimestampAdvancesByElapsedTime()
    {
        var time = new FakeTimeProvider();
        var rewriter = new RtpStreamRewriter(0xCAFE, 102, 90_000, time);
        var first = ParentPacket(sequence: 500, timestamp: 1_000, default, null);
        rewriter.Rewrite(first);
        var second = ParentPacket(sequence: 501, timestamp: 4_000, default, null);
        rewriter.Rewrite(second);

        // A new parent: other SSRC, unrelated sequence and timestamp spaces, 100 ms later.
        time.Advance(TimeSpan.FromMilliseconds(100));
        var switched = ParentPacket(sequence: 40_000, timestamp: 7_777_777, default, null, ssrc: 0xBEEF);
        rewriter.Rewrite(switched);

        Assert.Equal(0xCAFEu, BinaryPrimitives.ReadUInt32BigEndian(switched.AsSpan(8)));
        Assert.Equal((ushort)(Sequence(second) + 1), Sequence(switched));
        Assert.Equal(Timestamp(second) + 9_000u, Timestamp(switched));
        Assert.Equal(1, rewriter.SourceChanges);
    }

    private static byte[] ThroughRelay(byte[] fromParent, byte parentCaptureId, byte parentSendId)
    {
        // UpstreamLink: parent ids → canonical ids, then the relay's continuous SSRC/sequence/timestamp.
        var upstream = new ExtensionIdMap(new Dictionary<byte, byte> { [parentCaptureId] = StreamTrack.AbsCaptureTimeId, [parentSendId] = StreamTrack.AbsSendTimeId }, [StreamTrack.AbsSendTimeId, StreamTrack.AbsCaptureTimeId]);
        var rewriter = new RtpStreamRewriter(0x7777, 102, 90_000, new FakeTimeProvider());
        var packet = fromParent.ToArray();
        upstream.Apply(packet);
        rewriter.Rewrite(packet);

        using var stream = new LiveStream("demo", new StreamTrack(MediaKind.Video, "H264", 90_000, 0, 0x7777, 0x8888, 102), new StreamTrack(MediaKind.Audio, "opus", 48_000, 2, 0x9999, 0, 111), new FakeTimeProvider(), FanOutScheduler.Inline);
        var child = new ChildRewriter(new ExtensionIdMap(new Dictionary<byte, byte> { [StreamTrack.AbsCaptureTimeId] = ChildCaptureTimeId, [StreamTrack.AbsSendTimeId] = ChildSendTimeId }, [ChildSendTimeId, ChildCaptureTimeId, 1]));
        stream.Attach(child);
        stream.PublishVideo(packet, startsKeyframe: true);
        return child.Last!;
    }

    private static byte[] ParentPacket(ushort sequence, uint timestamp, NtpTimestamp capture, long? offset, uint ssrc = 0x1234)
    {
        Span<byte> extensionBuffer = stackalloc byte[40];
        var extensions = new RtpHeaderExtensionWriter(extensionBuffer, RtpHeaderExtensionForm.OneByte);
        AbsSendTimeExtension.TryAdd(ref extensions, ParentSendTimeId, AbsSendTimeExtension.FromNtp(capture));
        AbsCaptureTimeExtension.TryAdd(ref extensions, ParentCaptureTimeId, capture, offset);
        var header = new RtpHeader
        {
            PayloadType = 96,
            SequenceNumber = sequence,
            Timestamp = timestamp,
            Ssrc = ssrc,
            ExtensionProfile = extensions.Profile,
            ExtensionData = extensions.Complete(),
        };
        var packet = new byte[200];
        var length = header.WriteTo(packet);
        packet[length] = 0x65;
        return packet[..(length + 100)];
    }

    private static ushort Sequence(byte[] packet) => BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2));

    private static uint Timestamp(byte[] packet) => BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(4));

    /// <summary>What WhepSession does to each packet for its viewer: extension ids to the negotiated ones.</summary>
    private sealed class ChildRewriter(ExtensionIdMap map) : IBatchedStreamSubscriber
    {
        public byte[]? Last { get; private set; }

        public void SendPacket(MediaKind kind, ReadOnlySpan<byte> rtpPacket) => SendPacket(kind, rtpPacket, 0, null);

        public void SendPacket(MediaKind kind, ReadOnlySpan<byte> rtpPacket, ushort sequenceShift, UdpDatagramBatch? batch)
        {
            var copy = rtpPacket.ToArray();
            map.Apply(copy);
            Last = copy;
        }
    }
}
