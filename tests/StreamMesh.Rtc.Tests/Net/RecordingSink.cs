using System.Collections.Concurrent;
using System.Net;
using StreamMesh.Rtc.Net;

namespace StreamMesh.Rtc.Tests.Net;

/// <summary>A sink that copies what it receives and lets a test await the n-th datagram.</summary>
internal sealed class RecordingSink : IUdpMuxSink
{
    private readonly ConcurrentQueue<(byte[] Data, IPEndPoint Remote)> _dtls = new();
    private readonly ConcurrentQueue<(byte[] Data, IPEndPoint Remote)> _rtp = new();
    private readonly Lock _gate = new();
    private readonly List<(Func<bool> Condition, TaskCompletionSource Signal)> _waiters = [];

    public IReadOnlyCollection<(byte[] Data, IPEndPoint Remote)> Dtls => _dtls;

    public IReadOnlyCollection<(byte[] Data, IPEndPoint Remote)> Rtp => _rtp;

    public void OnDtlsDatagram(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        _dtls.Enqueue((datagram.ToArray(), remote));
        Signal();
    }

    public void OnRtpDatagram(Span<byte> datagram, IPEndPoint remote)
    {
        _rtp.Enqueue((datagram.ToArray(), remote));
        Signal();
    }

    public Task WaitForDtlsAsync(int count, TimeSpan? timeout = null) => WaitAsync(() => _dtls.Count >= count, timeout);

    public Task WaitForRtpAsync(int count, TimeSpan? timeout = null) => WaitAsync(() => _rtp.Count >= count, timeout);

    private async Task WaitAsync(Func<bool> condition, TimeSpan? timeout)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (condition())
            {
                return;
            }

            _waiters.Add((condition, signal));
        }

        await signal.Task.WaitAsync(timeout ?? TestTimeouts.Network);
    }

    private void Signal()
    {
        lock (_gate)
        {
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Condition())
                {
                    _waiters[i].Signal.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
