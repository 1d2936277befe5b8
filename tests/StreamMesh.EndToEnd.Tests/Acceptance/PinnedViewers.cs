using System.Collections;
using System.Net;
using StreamMesh.Mesh.LoadTesting;
using StreamMesh.Mesh.Tree;
using StreamMesh.Rtc.Dtls;

namespace StreamMesh.EndToEnd.Tests.Acceptance;

/// <summary>
/// Headless viewers a test places under parents of its choosing (<see cref="PinnedViewer"/>), in the order added (the
/// first is index 0). They share one DTLS certificate and one feedback timer (NACKs and receiver reports every 20 ms,
/// as a load run's), and are disposed together.
/// </summary>
/// <remarks>Add and read from the test's task; only the feedback timer runs beside it.</remarks>
internal sealed class PinnedViewers : IReadOnlyList<HeadlessViewer>, IAsyncDisposable
{
    private static readonly TimeSpan FeedbackInterval = TimeSpan.FromMilliseconds(20);

    private readonly TrackerClient _tracker;
    private readonly HttpClient _http;
    private readonly string _stream;
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate();
    private readonly List<HeadlessViewer> _viewers = [];
    private readonly Timer _feedback;

    public PinnedViewers(TrackerClient tracker, HttpClient http, string stream)
    {
        _tracker = tracker;
        _http = http;
        _stream = stream;
        _feedback = new Timer(_ => Tick(), null, FeedbackInterval, FeedbackInterval);
    }

    public int Count => _viewers.Count;

    public HeadlessViewer this[int index] => _viewers[index];

    /// <summary>
    /// Joins as <paramref name="peerId"/> under <paramref name="parent"/> and connects at once (tickets are short-lived);
    /// fails the test when the viewer does not connect.
    /// </summary>
    /// <param name="localAddress">The viewer's socket address, so that latency-emulating nodes see its site; null: any.</param>
    public async Task<HeadlessViewer> AddAsync(string peerId, string parent, IPAddress? localAddress, CancellationToken cancellationToken)
    {
        var target = (await PinnedViewer.JoinAsync(_tracker, _stream, peerId, parent, cancellationToken)).Target;
        var viewer = new HeadlessViewer(_viewers.Count, new HeadlessViewerOptions(), _certificate, _http);
        lock (_viewers)
        {
            _viewers.Add(viewer);
        }

        Assert.True(await viewer.ConnectAsync(localAddress is null ? target : target with { LocalAddress = localAddress }, cancellationToken), $"{peerId} under {parent}: {viewer.FailureReason}");
        return viewer;
    }

    /// <summary>Restarts every viewer's measurement (latency, longest gap) from its next packet.</summary>
    public void BeginMeasurement()
    {
        foreach (var viewer in _viewers)
        {
            viewer.BeginMeasurement();
        }
    }

    public IEnumerator<HeadlessViewer> GetEnumerator() => _viewers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public async ValueTask DisposeAsync()
    {
        await _feedback.DisposeAsync();
        foreach (var viewer in _viewers)
        {
            await viewer.DisposeAsync();
        }
    }

    private void Tick()
    {
        lock (_viewers)
        {
            _viewers.ForEach(v => v.Tick());
        }
    }
}
