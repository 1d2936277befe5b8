using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace StreamMesh.Rtc.Net;

/// <summary>Sending a <see cref="UdpDatagramBatch"/>: sendmmsg(2) and UDP segmentation offload.</summary>
public sealed partial class UdpMux
{
    /// <summary>Refused segmented messages after which the mux stops segmenting (the device cannot).</summary>
    private const int SegmentationRejectionsTolerated = 16;

    private int _segmentationRejections;
    private volatile bool _segmentationDisabled;

    /// <summary>True when <see cref="UdpDatagramBatch"/> flushes go out with one sendmmsg(2) each.</summary>
    public bool SendsBatchesInOneCall => Options.UseSendMmsg && _outboundLoss is null && _sendDelay is null && LinuxSendMmsg.IsSupported;

    /// <summary>
    /// True when a batch may join consecutive datagrams to one destination into one UDP_SEGMENT
    /// message (<see cref="UdpMuxOptions.UseSegmentationOffload"/>); false once the kernel refused
    /// such messages repeatedly (a device without checksum offload answers EIO).
    /// </summary>
    public bool SendsSegmentedMessages => SendsBatchesInOneCall && Options.UseSegmentationOffload && !_segmentationDisabled;

    /// <summary>The socket itself, for tests that set options the mux does not expose.</summary>
    internal Socket SocketForTests => _socket;

    /// <summary>
    /// Sends every datagram of <paramref name="batch"/>: one sendmmsg(2) per call on Linux, falling
    /// back to one sendto per datagram for a message the kernel did not take (EAGAIN, ENOBUFS, an
    /// unreachable address, a refused segmentation) and on other platforms. Never throws for network errors.
    /// </summary>
    /// <returns>Datagrams the socket accepted.</returns>
    internal unsafe int SendBatch(UdpDatagramBatch batch)
    {
        var messages = batch.MessageCount;
        var next = 0;
        var accepted = 0;
        if (SendsBatchesInOneCall)
        {
            try
            {
                using var lease = new SocketDescriptorLease(_socket.SafeHandle);
                while (next < messages)
                {
                    var sent = LinuxSendMmsg.SendMmsg(lease.Descriptor, batch.Headers + next, (uint)(messages - next), LinuxSendMmsg.DontWait);
                    if (sent > 0)
                    {
                        accepted += CountBatchSent(batch, next, sent);
                        next += sent;
                        continue;
                    }

                    // The message at `next` was not taken: it goes one datagram at a time, and the
                    // rest of the batch gets another sendmmsg, so one bad message cannot hold back the others.
                    var error = Marshal.GetLastPInvokeError();
                    if (batch.Segments(next) > 1 && error is LinuxErrno.Io or LinuxErrno.InvalidArgument)
                    {
                        CountSegmentationRejected(error);
                    }

                    accepted += SendMessageDatagrams(batch, next);
                    next++;
                }
            }
            catch (ObjectDisposedException)
            {
                return accepted;
            }
        }

        for (; next < messages; next++)
        {
            accepted += SendMessageDatagrams(batch, next);
        }

        return accepted;
    }

    private unsafe int CountBatchSent(UdpDatagramBatch batch, int first, int messages)
    {
        long bytes = 0;
        var datagrams = 0;
        var segmented = 0;
        var segmentedDatagrams = 0;
        for (var m = first; m < first + messages; m++)
        {
            bytes += batch.Headers[m].Length;
            var segments = batch.Segments(m);
            datagrams += segments;
            if (segments > 1)
            {
                segmented++;
                segmentedDatagrams += segments;
            }
        }

        Interlocked.Add(ref _counters.DatagramsSent, datagrams);
        Interlocked.Add(ref _counters.BytesSent, bytes);
        Interlocked.Increment(ref _counters.BatchSystemCalls);
        if (segmented > 0)
        {
            Interlocked.Add(ref _counters.SegmentedMessages, segmented);
            Interlocked.Add(ref _counters.SegmentedDatagrams, segmentedDatagrams);
        }

        return datagrams;
    }

    private int SendMessageDatagrams(UdpDatagramBatch batch, int message)
    {
        var accepted = 0;
        var first = batch.FirstDatagram(message);
        for (var i = first; i < first + batch.Segments(message); i++)
        {
            if (Send(batch.Datagram(i), batch.Address(i)))
            {
                accepted++;
            }
        }

        return accepted;
    }

    private void CountSegmentationRejected(int error)
    {
        Interlocked.Increment(ref _counters.SegmentationRejected);
        if (Interlocked.Increment(ref _segmentationRejections) == SegmentationRejectionsTolerated)
        {
            _segmentationDisabled = true;
            UdpMuxLog.SegmentationDisabled(_logger, LocalEndPoint, error, SegmentationRejectionsTolerated);
        }
    }
}
