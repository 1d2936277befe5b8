using System.Net;
using StreamMesh.Rtc.Stun;
using StreamMesh.Rtc.Tests.Net;

namespace StreamMesh.Rtc.Tests.Ice;

/// <summary>
/// A minimal STUN server (RFC 8489 §6.3.1 for Binding) on loopback that reports a configured
/// "public" address instead of the real source, as a NAT would make it appear.
/// </summary>
internal sealed class TinyStunServer : IDisposable
{
    private readonly IPEndPoint _reportedAddress;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public TinyStunServer(IPEndPoint reportedAddress, bool answer = true)
    {
        _reportedAddress = reportedAddress;
        _loop = answer ? Task.Run(ServeAsync) : Task.CompletedTask;
    }

    public RawUdpPeer Socket { get; } = new();

    public IPEndPoint EndPoint => Socket.EndPoint;

    public int Requests => Volatile.Read(ref _requests);

    public void Dispose()
    {
        _stop.Cancel();
        Socket.Dispose();
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        byte[] reply = new byte[128];
        while (!_stop.IsCancellationRequested)
        {
            byte[] data;
            IPEndPoint from;
            try
            {
                (data, from) = await Socket.ReceiveAsync(Timeout.InfiniteTimeSpan);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            if (StunMessage.TryParse(data, out StunMessage request) != StunParseResult.Ok
                || request.Class != StunMessageClass.Request || request.Method != StunMethod.Binding)
            {
                continue;
            }

            Interlocked.Increment(ref _requests);
            var writer = new StunMessageWriter(reply, StunMessageClass.SuccessResponse, StunMethod.Binding, request.TransactionId);
            writer.WriteXorMappedAddress(_reportedAddress);
            writer.WriteSoftware("tiny test server");
            writer.WriteFingerprint();
            Socket.Send(writer.Written, from);
        }
    }
}
