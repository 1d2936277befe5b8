using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StreamMesh.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Debian's Firefox ESR, headless, driven through its built-in WebDriver BiDi endpoint
/// (W3C WebDriver BiDi: session.new, browsingContext.*, script.evaluate). Playwright's Firefox would
/// need Playwright's own patched build, which cannot be downloaded here; BiDi needs nothing but the browser.
/// One command at a time; the process is killed by PID on dispose.
/// </summary>
public sealed class Firefox : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/firefox-esr";

    // Why each pref: autoplay without a gesture, no permission prompt, host candidates on 127.0.0.1
    // (loopback is excluded from ICE gathering by default, and mDNS names would hide the address),
    // and nothing that phones home or opens a first-run page during the test.
    private const string UserJs = """
        user_pref("media.autoplay.default", 0);
        user_pref("media.autoplay.blocking_policy", 0);
        user_pref("media.navigator.permission.disabled", true);
        user_pref("media.peerconnection.ice.loopback", true);
        user_pref("media.peerconnection.ice.obfuscate_host_addresses", false);
        user_pref("media.peerconnection.ice.link_local", true);
        user_pref("media.gmp-manager.updateEnabled", false);
        user_pref("media.gmp-gmpopenh264.autoupdate", false);
        user_pref("browser.shell.checkDefaultBrowser", false);
        user_pref("browser.startup.homepage_override.mstone", "ignore");
        user_pref("datareporting.policy.dataSubmissionEnabled", false);
        user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
        user_pref("app.update.enabled", false);
        user_pref("network.captive-portal-service.enabled", false);
        """;

    private readonly Process _process;
    private readonly ClientWebSocket _socket;
    private readonly string _profileDir;
    private readonly StringBuilder _log;
    private readonly SemaphoreSlim _commandLock = new(1, 1);
    private int _nextId;

    private Firefox(Process process, ClientWebSocket socket, string profileDir, StringBuilder log)
    {
        _process = process;
        _socket = socket;
        _profileDir = profileDir;
        _log = log;
    }

    /// <summary>The browser's version as the BiDi session reports it (capabilities.browserVersion).</summary>
    public string Version { get; private set; } = "";

    /// <summary>The top-level browsing context the session opened with.</summary>
    public string Context { get; private set; } = "";

    /// <summary>What Firefox printed on stdout and stderr (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<Firefox> LaunchAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: run tools/install-deps.sh test, which installs Debian's firefox-esr.");
        }

        var profileDir = Directory.CreateTempSubdirectory("streammesh-firefox-").FullName;
        await File.WriteAllTextAsync(Path.Combine(profileDir, "user.js"), UserJs, cancellationToken).ConfigureAwait(false);
        var port = NodeProcess.FreeTcpPort();
        var psi = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--headless", "--no-remote", "--remote-debugging-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--profile", profileDir, "about:blank" })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["MOZ_CRASHREPORTER_DISABLE"] = "1";
        var log = new StringBuilder();
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start firefox");
        DataReceivedEventHandler append = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (log)
            {
                if (log.Length < 200_000)
                {
                    log.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += append;
        process.ErrorDataReceived += append;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        ClientWebSocket socket;
        try
        {
            socket = await ConnectAsync(process, port, log, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Kill(process);
            process.Dispose();
            throw;
        }

        var firefox = new Firefox(process, socket, profileDir, log);
        try
        {
            var session = await firefox.SendAsync("session.new", new JsonObject { ["capabilities"] = new JsonObject() }, cancellationToken).ConfigureAwait(false);
            firefox.Version = session["capabilities"]?["browserVersion"]?.GetValue<string>() ?? "unknown";
            var tree = await firefox.SendAsync("browsingContext.getTree", new JsonObject(), cancellationToken).ConfigureAwait(false);
            firefox.Context = tree["contexts"]?[0]?["context"]?.GetValue<string>() ?? throw new InvalidOperationException("firefox has no browsing context");
            return firefox;
        }
        catch
        {
            await firefox.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>browsingContext.navigate, waiting until the page's load event.</summary>
    public Task NavigateAsync(string url, CancellationToken cancellationToken) =>
        SendAsync("browsingContext.navigate", new JsonObject { ["context"] = Context, ["url"] = url, ["wait"] = "complete" }, cancellationToken);

    /// <summary>
    /// Evaluates <paramref name="expression"/> in the page (awaiting a promise) and deserialises the string it
    /// yields as JSON: scripts end in <c>JSON.stringify(...)</c> so no BiDi remote-value mapping is needed.
    /// </summary>
    public async Task<T> EvaluateJsonAsync<T>(string expression, CancellationToken cancellationToken)
    {
        var result = await SendAsync("script.evaluate", new JsonObject
        {
            ["expression"] = expression,
            ["target"] = new JsonObject { ["context"] = Context },
            ["awaitPromise"] = true,
        }, cancellationToken).ConfigureAwait(false);
        if (result["type"]?.GetValue<string>() != "success")
        {
            throw new InvalidOperationException($"script threw: {result["exceptionDetails"]?.ToJsonString()}");
        }

        var value = result["result"]?["value"]?.GetValue<string>() ?? throw new InvalidOperationException($"script did not yield a string: {result.ToJsonString()}");
        return JsonSerializer.Deserialize<T>(value) ?? throw new InvalidOperationException($"script yielded null: {value}");
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        Kill(_process);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the process table will reap it
        }

        _process.Dispose();
        _commandLock.Dispose();
        try
        {
            Directory.Delete(_profileDir, recursive: true);
        }
        catch (IOException)
        {
            // a content process may still hold a file for a moment; the temp folder is cleaned by the OS
        }
    }

    private static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private static async Task<ClientWebSocket> ConnectAsync(Process process, int port, StringBuilder log, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"firefox exited with code {process.ExitCode}:\n{log}");
            }

            var socket = new ClientWebSocket();
            try
            {
                await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/session"), cancellationToken).ConfigureAwait(false);
                return socket;
            }
            catch (WebSocketException) when (DateTime.UtcNow < deadline)
            {
                socket.Dispose();
            }

            // Firefox opens the BiDi listener a second or two after start; there is no event to wait on.
            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<JsonNode> SendAsync(string method, JsonObject parameters, CancellationToken cancellationToken)
    {
        await _commandLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var id = ++_nextId;
            var command = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
            await _socket.SendAsync(Encoding.UTF8.GetBytes(command.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var message = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
                if (message["id"]?.GetValue<int>() != id)
                {
                    continue; // an event, or the answer to a command abandoned by cancellation
                }

                if (message["type"]?.GetValue<string>() == "error")
                {
                    throw new InvalidOperationException($"BiDi {method} failed: {message["error"]} {message["message"]}");
                }

                return message["result"] ?? new JsonObject();
            }
        }
        finally
        {
            _commandLock.Release();
        }
    }

    private async Task<JsonNode> ReceiveAsync(CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var received = await _socket.ReceiveAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"firefox closed the BiDi socket:\n{Log}");
            }

            buffer.Write(chunk, 0, received.Count);
            if (received.EndOfMessage)
            {
                return JsonNode.Parse(buffer.ToArray()) ?? new JsonObject();
            }
        }
    }
}
