using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace StreamMesh.Fuzz.Seeds;

/// <summary>
/// SDP seeds: the browser captures, plus FsCheck-generated variants of them with extra attribute lines
/// that are grammatical but adversarial (RFC 8866 §5.13, RFC 4566 rtpmap/fmtp, RFC 4585 rtcp-fb,
/// RFC 8285 extmap, RFC 5576 ssrc, RFC 8843 BUNDLE, RFC 8851/8853 rid and simulcast, RFC 8839
/// candidates): duplicate or dangling payload types, mids and SSRCs, odd clock rates, empty values.
/// </summary>
public static class SdpSeedGenerator
{
    public static IReadOnlyList<byte[]> Create(ulong seed, int generated)
    {
        IReadOnlyList<byte[]> captures = SdpSeeds.Load();
        string[] texts = [.. captures.Select(Encoding.UTF8.GetString)];
        Gen<byte[]> variants =
            from text in Gen.Elements(texts)
            from lines in Gen.ArrayOf(AttributeLine(), 6)
            from positions in Gen.ArrayOf(Gen.Choose(0, 10_000), 6)
            select Insert(text, lines, positions);
        return [.. captures, .. Gen.Sample(variants, 10, new Rnd(seed), generated)];
    }

    private static Gen<string> AttributeLine()
    {
        Gen<int> pt = Gen.Frequency((6, Gen.Choose(96, 127)), (1, Gen.Choose(0, 255)), (1, Gen.Elements(-1, 1000, 35, 0)));
        Gen<string> token = Gen.Elements("0", "1", "a", "audio", "video", "", "-", "x y", "{}", "\u00e9", "9999999999");
        Gen<string> codec = Gen.Elements("H264", "VP8", "VP9", "opus", "rtx", "red", "ulpfec", "AV1", "", "h264");
        Gen<string> rate = Gen.Elements("90000", "48000", "8000", "0", "-1", "4294967296", "");
        return Gen.OneOf(
            from p in pt from c in codec from r in rate from ch in Gen.Elements("", "/2", "/0", "/x")
            select $"a=rtpmap:{p} {c}/{r}{ch}",
            from p in pt from apt in pt from plid in Gen.Elements("42e01f", "640c1f", "4d001f", "zzzzzz", "42e0", "")
            from mode in Gen.Elements("0", "1", "2", "")
            select $"a=fmtp:{p} level-asymmetry-allowed=1;packetization-mode={mode};profile-level-id={plid};apt={apt}",
            from p in pt from fb in Gen.Elements("nack", "nack pli", "ccm fir", "goog-remb", "transport-cc", "", "nack pli extra")
            select $"a=rtcp-fb:{(p % 5 == 0 ? "*" : p.ToString(System.Globalization.CultureInfo.InvariantCulture))} {fb}",
            from id in Gen.Choose(-1, 300) from dir in Gen.Elements("", "/sendonly", "/bogus") from uri in Gen.Elements("urn:ietf:params:rtp-hdrext:sdes:mid", "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "", "x")
            select $"a=extmap:{id}{dir} {uri}",
            from ssrc in Gen.Elements("1", "4294967295", "4294967296", "0", "-5", "x") from attr in Gen.Elements("cname:c", "msid:s t", "cname:", "", "label")
            select $"a=ssrc:{ssrc} {attr}",
            from sem in Gen.Elements("FID", "SIM", "FEC-FR", "") from a in token from b in token
            select $"a=ssrc-group:{sem} {a} {b}",
            from mids in Gen.Elements("0 1", "0 0", "9", "", "0 1 2 3 4 5 6 7 8 9")
            select $"a=group:BUNDLE {mids}",
            from mid in token select $"a=mid:{mid}",
            from dir in Gen.Elements("sendonly", "recvonly", "sendrecv", "inactive") select $"a={dir}",
            from setup in Gen.Elements("actpass", "active", "passive", "holdconn", "") select $"a=setup:{setup}",
            from rid in token from d in Gen.Elements("send", "recv", "") select $"a=rid:{rid} {d}",
            from s in Gen.Elements("send 0;1;2", "recv ~0", "send", "send ;;", "") select $"a=simulcast:{s}",
            from f in Gen.Elements("sha-256 00", "sha-1", "md5 00:11", "") select $"a=fingerprint:{f}",
            from port in Gen.Elements("0", "9", "65535", "65536", "-1") from t in Gen.Elements("host", "srflx", "relay", "bogus")
            select $"a=candidate:1 1 udp 2130706431 192.0.2.1 {port} typ {t}",
            from m in Gen.Elements("audio", "video", "application", "text") from port in Gen.Elements("9", "0", "70000") from pts in Gen.Elements("111", "96 97", "", "96 96", "300")
            select $"m={m} {port} UDP/TLS/RTP/SAVPF {pts}",
            from ufrag in token select $"a=ice-ufrag:{ufrag}",
            Gen.Elements("a=rtcp-mux", "a=rtcp-rsize", "a=end-of-candidates", "a=ice-options:trickle", "a=extmap-allow-mixed", "a=msid-semantic: WMS *", "a=", "a=:", "c=IN IP4 0.0.0.0", "c=IN IP6 ::", "b=AS:-1", "b=TIAS:99999999999"));
    }

    private static byte[] Insert(string sdp, string[] lines, int[] positions)
    {
        var list = new List<string>(sdp.Split("\r\n"));
        for (int i = 0; i < lines.Length; i++)
        {
            // Never before the v=/o=/s=/t= block, so most variants get past the session header.
            int at = Math.Min(list.Count, 4 + (positions[i] % Math.Max(1, list.Count - 4)));
            list.Insert(at, lines[i]);
        }

        return Encoding.UTF8.GetBytes(string.Join("\r\n", list));
    }
}
