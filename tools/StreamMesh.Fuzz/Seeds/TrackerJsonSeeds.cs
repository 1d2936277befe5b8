using System.Text;

namespace StreamMesh.Fuzz.Seeds;

/// <summary>
/// Valid tracker request bodies (docs/tracker-api.md) for every request DTO. Byte 0 selects the endpoint (low 3 bits),
/// the stream (bits 4–5) and whether the node key is sent (bit 6); the rest is the JSON body. "SESSION" stands for
/// the session the tracker handed that peer id, so mutated confirm/heartbeat/leave bodies get past the session check.
/// </summary>
public static class TrackerJsonSeeds
{
    public const string SessionPlaceholder = "SESSION";

    public static IReadOnlyList<byte[]> Create(string viewerToken, string ticket)
    {
        (int Kind, string Json)[] bodies =
        [
            (0, """{"peerId":"origin-2","capacity":32,"url":"http://198.51.100.10:8080","site":"hq","coordinate":{"x":1.5,"y":-2,"height":0.1}}"""),
            (0, """{"peerId":"origin-3","capacity":1,"url":"https://[2001:db8::1]:443/x"}"""),
            (1, """{"peerId":"relay-fra-1","role":"relay","capacity":200,"url":"http://203.0.113.20:8080"}"""),
            (1, """{"peerId":"relay-fra-1","role":"relay","capacity":200,"url":"http://203.0.113.20:8080","session":"SESSION","probes":[{"peerId":"origin-1","rttMs":11.8}]}"""),
            (1, """{"peerId":"viewer-42","role":"viewer","coordinate":{"x":3,"y":4,"height":0.5},"site":"internet"}"""),
            (1, $$"""{"peerId":"viewer-43","role":"viewer","token":"{{viewerToken}}"}"""),
            (1, """{"peerId":"rcv-1","role":"relayCapableViewer","capacity":3,"url":"http://192.0.2.9:9000","probes":[{"peerId":"origin-1","rttMs":0},{"peerId":"relay-fra-1","rttMs":10000}]}"""),
            (2, """{"peerId":"viewer-42","session":"SESSION","parents":["relay-fra-1","origin-1"],"probes":[{"peerId":"origin-1","rttMs":31}]}"""),
            (2, """{"peerId":"relay-fra-1","session":"SESSION","parents":["origin-1"]}"""),
            (3, """{"peerId":"viewer-42","session":"SESSION","parentRttMs":9.1,"samples":[{"peerId":"origin-1","rttMs":22}],"stats":{"receiveKbps":2480,"sendKbps":0,"lossFraction":0.002,"jitterMs":3.1,"children":0,"cpuPercent":12.5,"memoryMb":80,"glassToGlassMs":420,"rebufferingRatio":0.01,"framesDecoded":9000}}"""),
            (3, """{"peerId":"relay-fra-1","session":"SESSION"}"""),
            (4, """{"peerId":"viewer-42","session":"SESSION"}"""),
            (5, """{"peerId":"viewer-42","session":"SESSION","unreachable":["relay-fra-1"],"reachable":["origin-1"]}"""),
            (6, $$"""{"ticket":"{{ticket}}","parentId":"origin-1"}"""),
        ];
        var seeds = new List<byte[]>();
        foreach ((int kind, string json) in bodies)
        {
            byte[] body = Encoding.UTF8.GetBytes(json);
            foreach (int stream in (int[])[0, 1])
            {
                foreach (int nodeKey in (int[])[0, 1])
                {
                    seeds.Add([(byte)(kind | (stream << 4) | (nodeKey << 6)), .. body]);
                }
            }
        }

        return seeds;
    }

    /// <summary>Field names, enum values and JSON punctuation for splicing.</summary>
    public static IReadOnlyList<byte[]> Tokens { get; } =
    [
        .. new[]
        {
            "\"peerId\":", "\"role\":", "\"capacity\":", "\"url\":", "\"site\":", "\"coordinate\":", "\"probes\":", "\"session\":", "\"token\":",
            "\"parents\":", "\"samples\":", "\"stats\":", "\"unreachable\":", "\"reachable\":", "\"ticket\":", "\"parentId\":", "\"rttMs\":",
            "\"relay\"", "\"viewer\"", "\"relayCapableViewer\"", "\"origin\"", "null", "true", "false", "[]", "{}", "[null]", "\"\"", "-0", "1e308",
            "-1e308", "NaN", "\"NaN\"", "1.5e-320", "9007199254740993", "2147483648", "-2147483649", "\"SESSION\"", "\"origin-1\"", "\\u0000",
            "\\ud800", ",", ":", "{", "}", "[", "]", "\"x\":", "\"height\":", "\"lossFraction\":",
        }.Select(Encoding.UTF8.GetBytes),
    ];
}
