using Microsoft.Extensions.Logging;
using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Rtc.Rtcp;

namespace StreamMesh.Mesh.Tree;

/// <content>
/// Graceful leave. The tracker hears first, so by the time a child reacts to our BYE and asks where to go, its new
/// parent (and a ticket for it) is already waiting. Then every child gets an RTCP BYE (RFC 3550 §6.6) for the stream's
/// sources and we keep forwarding while they switch make-before-break, up to <see cref="LeaveDrain"/>.
/// </content>
public sealed partial class RelayStreamRunner
{
    private static readonly TimeSpan LeaveTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LeaveDrain = TimeSpan.FromSeconds(2);

    private async Task LeaveGracefullyAsync(TrackerClient client)
    {
        if (_session is not { } session)
        {
            return;
        }

        _session = null;
        using var timeout = new CancellationTokenSource(LeaveTimeout, time);
        try
        {
            var left = await client.LeaveAsync(Stream, new SessionRequestDto { PeerId = tree.PeerId, Session = session }, timeout.Token).ConfigureAwait(false);
            LogLeft(_logger, Stream, left.ChildrenMoved, left.ChildrenDetached);
        }
        catch (Exception ex) when (ex is TrackerRequestException or OperationCanceledException or HttpRequestException)
        {
            LogProblem(_logger, Stream, $"leave not acknowledged ({ex.Message})");
        }

        var told = SayGoodbyeToChildren();
        if (told == 0)
        {
            return;
        }

        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(50), time);
        var deadline = time.GetTimestamp();
        try
        {
            // Children close their session with us once the new parent feeds them; stop waiting when all have gone.
            while (ChildCount() > 0 && time.GetElapsedTime(deadline) < LeaveDrain && await ticks.WaitForNextTickAsync(CancellationToken.None).ConfigureAwait(false))
            {
            }
        }
        catch (OperationCanceledException)
        {
            // shutting down regardless
        }
    }

    /// <summary>Sends one BYE for the stream's video and audio sources to each child; returns how many were told.</summary>
    private int SayGoodbyeToChildren()
    {
        if (_target.Live is not { } live)
        {
            return 0;
        }

        Span<uint> sources = [live.Video.Ssrc, live.Audio.Ssrc];
        Span<byte> packet = stackalloc byte[64];
        var length = new Goodbye(sources, "leaving"u8).WriteTo(packet);
        var told = 0;
        foreach (var child in sessions.Sessions)
        {
            if (child.Stream.Name == Stream && child.Connection.SendRtcp(packet, length))
            {
                told++;
            }
        }

        LogGoodbye(_logger, Stream, told);
        return told;
    }

    private int ChildCount()
    {
        var count = 0;
        foreach (var child in sessions.Sessions)
        {
            if (child.Stream.Name == Stream && child.Connection.State is not (Rtc.Peer.PeerConnectionState.Closed or Rtc.Peer.PeerConnectionState.Failed))
            {
                count++;
            }
        }

        return count;
    }

    [LoggerMessage(EventId = 436, Level = LogLevel.Information, Message = "Stream {Stream}: left the tree ({Moved} children moved, {Detached} detached)")]
    private static partial void LogLeft(ILogger logger, string stream, int moved, int detached);

    [LoggerMessage(EventId = 437, Level = LogLevel.Information, Message = "Stream {Stream}: said goodbye to {Children} children")]
    private static partial void LogGoodbye(ILogger logger, string stream, int children);
}
