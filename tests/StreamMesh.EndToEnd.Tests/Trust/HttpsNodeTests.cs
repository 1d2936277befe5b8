using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using StreamMesh.EndToEnd.Tests.Infrastructure;
using StreamMesh.Testing.Processes;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests.Trust;

/// <summary>Node:Https with a self-signed certificate made in the test: the node serves its API over TLS with that certificate.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class HttpsNodeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Tracker_NodeHttpsWithSelfSignedPfx_ServesTlsWithThatCertificate()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        string folder = Directory.CreateTempSubdirectory("streammesh-https-").FullName;
        string pfx = Path.Combine(folder, "node.pfx");
        const string Password = "e2e-pfx-password";
        string thumbprint;
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var request = new CertificateRequest("CN=streammesh-e2e", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, Password), cts.Token);
            thumbprint = certificate.Thumbprint;
        }

        int port = NodeProcess.FreeTcpPort();
        var tracker = StreammeshCli.StartUnchecked(
            ["tracker", "--http", $"127.0.0.1:{port}", $"--Node:Https:CertificatePath={pfx}", $"--Node:Https:Password={Password}"]);
        try
        {
            string? presented = null;
            using var handler = new HttpClientHandler
            {
                // Trust exactly the certificate the test made, and remember what the server presented.
                ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                {
                    presented = certificate?.Thumbprint;
                    return string.Equals(presented, thumbprint, StringComparison.OrdinalIgnoreCase);
                },
            };
            using var https = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
            string body = await RetryAsync(() => https.GetStringAsync(new Uri($"https://127.0.0.1:{port}/api/tracker/key"), cts.Token), tracker, cts.Token);

            output.WriteLine($"https://127.0.0.1:{port}/api/tracker/key → {body}");
            Assert.Contains("ES256", body, StringComparison.Ordinal);
            Assert.Equal(thumbprint, presented, ignoreCase: true);

            // The listener speaks only TLS: a plain-HTTP request gets no HTTP answer.
            using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            HttpResponseMessage? answer = null;
            try
            {
                answer = await plain.GetAsync(new Uri($"http://127.0.0.1:{port}/api/tracker/key"), cts.Token);
            }
            catch (HttpRequestException)
            {
                // expected: the TLS listener does not speak plain HTTP
            }

            Assert.True(answer is null || !answer.IsSuccessStatusCode, $"plain HTTP answered {(int?)answer?.StatusCode}");
            answer?.Dispose();
        }
        finally
        {
            await tracker.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> RetryAsync(Func<Task<string>> request, ChildProcess process, CancellationToken cancellationToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return await request();
            }
            catch (HttpRequestException) when (attempt < 100 && !process.HasExited)
            {
                await Task.Delay(200, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                throw new InvalidOperationException($"no HTTPS answer: {ex.Message}\n{process.Output.Text}", ex);
            }
        }
    }
}
