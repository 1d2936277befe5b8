using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StreamMesh.Rtc.Ice;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Tests.Net;

namespace StreamMesh.Rtc.Tests.Ice;

/// <summary>
/// Headless Chromium offering a data channel to one of our agents, ICE only: the answer carries our
/// credentials and candidates and a syntactically valid but fake DTLS fingerprint, so Chromium's ICE
/// connects while DTLS never starts. A page served by an HttpListener drives the browser and reports
/// its ICE states back.
/// </summary>
internal sealed class ChromiumIceHarness : IAsyncDisposable
{
    /// <summary>Debian's Chromium; tools/test.sh installs it.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly HttpListener _http = new();
    private readonly ConcurrentQueue<string> _browserLog = new();
    private readonly TaskCompletionSource _browserConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _profile = Directory.CreateTempSubdirectory("streammesh-chromium-").FullName;
    private readonly int _httpPort;
    private Process? _chromium;

    public ChromiumIceHarness(UdpMux mux, IceAgentOptions options)
    {
        Mux = mux;
        Agent = new IceAgent(mux, options);
        Registration = mux.Register(Agent, new RecordingSink());
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            _httpPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        _http.Prefixes.Add($"http://127.0.0.1:{_httpPort}/");
    }

    public UdpMux Mux { get; }

    public IceAgent Agent { get; }

    public UdpMuxRegistration Registration { get; }

    public Task BrowserConnected => _browserConnected.Task;

    public IReadOnlyCollection<string> BrowserLog => _browserLog;

    public void Start()
    {
        _http.Start();
        _ = Task.Run(ServeAsync);
        _chromium = Process.Start(new ProcessStartInfo(ChromiumPath,
            "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update " +
            "--disable-sync --no-first-run --allow-loopback-in-peer-connection --disable-features=WebRtcHideLocalIpsWithMdns " +
            $"--user-data-dir={_profile} http://127.0.0.1:{_httpPort}/")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        });
        _ = _chromium!.StandardError.ReadToEndAsync();
        _ = _chromium.StandardOutput.ReadToEndAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_chromium is { HasExited: false })
        {
            _chromium.Kill(entireProcessTree: true);
            await _chromium.WaitForExitAsync();
        }

        _chromium?.Dispose();
        _http.Close();
        await Agent.DisposeAsync();
        _stop.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be flushing its profile; a leftover temp directory is harmless.
        }
    }

    private const string Page = """
        <html><body><script>
        const log = (m) => fetch('/log', { method: 'POST', body: m });
        (async () => {
          const pc = new RTCPeerConnection();
          pc.createDataChannel('probe');
          pc.oniceconnectionstatechange = () => log('ice:' + pc.iceConnectionState);
          await pc.setLocalDescription(await pc.createOffer());
          await new Promise(r => {
            if (pc.iceGatheringState === 'complete') r();
            pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r();
          });
          const answer = await fetch('/offer', { method: 'POST', body: pc.localDescription.sdp });
          await pc.setRemoteDescription({ type: 'answer', sdp: await answer.text() });
        })().catch(e => log('error:' + e));
        </script></body></html>
        """;

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _http.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            string body = await new StreamReader(context.Request.InputStream).ReadToEndAsync();
            string reply = context.Request.Url!.AbsolutePath switch
            {
                "/" => Page,
                "/offer" => await AnswerAsync(body),
                _ => Record(body),
            };
            byte[] bytes = Encoding.UTF8.GetBytes(reply);
            context.Response.ContentType = context.Request.Url.AbsolutePath == "/" ? "text/html" : "text/plain";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private string Record(string line)
    {
        _browserLog.Enqueue(line);
        if (line is "ice:connected" or "ice:completed")
        {
            _browserConnected.TrySetResult();
        }

        return "";
    }

    private async Task<string> AnswerAsync(string offer)
    {
        string[] lines = offer.Split('\n', StringSplitOptions.TrimEntries);
        await Agent.GatherAsync();
        Agent.SetRemoteCredentials(Value(lines, "a=ice-ufrag:"), Value(lines, "a=ice-pwd:"));
        foreach (string line in lines.Where(l => l.StartsWith("a=candidate:", StringComparison.Ordinal)))
        {
            Agent.AddRemoteCandidate(IceCandidate.Parse(line));
        }

        Agent.Start();
        var answer = new StringBuilder();
        answer.Append("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n");
        answer.Append("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n");
        answer.Append($"a=ice-ufrag:{Agent.LocalUsernameFragment}\r\na=ice-pwd:{Agent.LocalPassword}\r\n");
        answer.Append("a=fingerprint:sha-256 ").Append(string.Join(':', Enumerable.Repeat("AB", 32))).Append("\r\n");
        answer.Append("a=setup:active\r\na=mid:0\r\na=sctp-port:5000\r\n");
        foreach (IceCandidate candidate in Agent.LocalCandidates)
        {
            answer.Append("a=").Append(candidate.ToSdpAttributeValue()).Append("\r\n");
        }

        answer.Append("a=end-of-candidates\r\n");
        return answer.ToString();
    }

    private static string Value(string[] lines, string prefix) =>
        lines.First(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..];
}
