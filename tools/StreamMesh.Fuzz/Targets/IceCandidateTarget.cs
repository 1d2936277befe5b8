using System.Text;
using StreamMesh.Fuzz.Engine;
using StreamMesh.Fuzz.Seeds;
using StreamMesh.Rtc.Ice;

namespace StreamMesh.Fuzz.Targets;

/// <summary>ICE candidate lines (RFC 8839 §5.1) as trickled by a browser; the bytes are read as Latin-1 so every byte is a character.</summary>
public sealed class IceCandidateTarget : FuzzTarget
{
    private static readonly byte[][] Tokens =
    [
        .. new[]
        {
            "candidate:", "a=candidate:", " typ ", "host", "srflx", "prflx", "relay", " raddr ", " rport ", " generation ", " ufrag ",
            " network-id ", " network-cost ", " tcptype ", "active", "passive", "so", "udp", "tcp", "UDP", ".local", "::", "::ffff:1.2.3.4",
            "[2001:db8::1]", "0.0.0.0", "255.255.255.255", "%eth0", " ",
        }.Select(Encoding.ASCII.GetBytes),
    ];

    public override string Name => "ice-candidate";

    public override string Description => "IceCandidate.TryParse, ToSdpAttributeValue round trip";

    public override bool IsText => true;

    public override int MaxInputLength => 1024;

    public override IReadOnlyList<byte[]> Dictionary => Tokens;

    public override IReadOnlyList<byte[]> CreateSeeds(ulong seed)
    {
        string[] lines =
        [
            "candidate:842163049 1 udp 1677729535 198.51.100.7 56143 typ srflx raddr 10.0.0.5 rport 56143 generation 0 ufrag EsQ3 network-id 1 network-cost 10",
            "candidate:1 1 UDP 2130706431 192.0.2.1 5000 typ host",
            "a=candidate:1 1 udp 2130706431 192.0.2.1 5000 typ host",
            "candidate:3 1 tcp 1518280447 192.0.2.1 9 typ host tcptype active generation 0",
            "candidate:2 1 udp 2122260223 4ee9bc1b-6b11-4e5a-9ab5-0ccd7e0b1c7a.local 54321 typ host generation 0 network-id 1",
            "candidate:9 1 udp 1845501695 2001:db8::7 50000 typ prflx raddr 2001:db8::1 rport 40000",
            "candidate:7 2 udp 41885439 203.0.113.9 3478 typ relay raddr 0.0.0.0 rport 0",
        ];
        return [.. lines.Concat(SdpSeeds.AttributeValues("candidate")).Select(Encoding.Latin1.GetBytes)];
    }

    public override long AllocationBound(int inputLength) => (16 * 1024) + (40L * inputLength);

    public override int Execute(ReadOnlySpan<byte> input)
    {
        if (!IceCandidate.TryParse(Encoding.Latin1.GetString(input), out IceCandidate? candidate))
        {
            return 0;
        }

        // What we print must parse back to the same candidate: a relay re-announces what it learns.
        string printed = candidate.ToSdpAttributeValue();
        bool roundTrips = IceCandidate.TryParse(printed, out IceCandidate? again) && again.ToSdpAttributeValue() == printed;
        return 1 | ((int)candidate.Type << 1) | (candidate.IsUdp ? 16 : 0) | (candidate.EndPoint is null ? 0 : 32) | (roundTrips ? 64 : 128);
    }
}
