namespace StreamMesh.Rtc.Sdp.Negotiation;

/// <summary>What the peer says about the streams it sends in one m= section (RFC 5576, RFC 8830, RFC 8851).</summary>
internal static class RemoteSources
{
    public static NegotiatedMedia Apply(NegotiatedMedia media, MediaDescription remote)
    {
        var fidGroups = new List<SsrcFidPair>();
        foreach (SdpSsrcGroup group in remote.SsrcGroups)
        {
            if (string.Equals(group.Semantics, SdpSsrcGroup.Fid, StringComparison.Ordinal) && group.Ssrcs.Count == 2)
            {
                fidGroups.Add(new SsrcFidPair(group.Ssrcs[0], group.Ssrcs[1]));
            }
        }

        string? cname = null;
        SdpMsid? ssrcMsid = null;
        foreach (SdpSsrcAttribute attribute in remote.SsrcAttributes)
        {
            if (cname is null && attribute.Name == SdpSsrcAttribute.Cname)
            {
                cname = attribute.Value;
            }

            if (ssrcMsid is null && attribute.Name == SdpSsrcAttribute.Msid)
            {
                SdpMsid.TryParse(attribute.Value, out ssrcMsid);
            }
        }

        var rids = new List<string>();
        foreach (string rid in remote.Rids)
        {
            // RFC 8851 §10: rid-syntax = "a=rid:" rid-id SP rid-dir [...]; the peer sends what it marks "send".
            string[] fields = rid.Split(' ');
            if (fields.Length >= 2 && fields[1] == "send")
            {
                rids.Add(fields[0]);
            }
        }

        IReadOnlyList<SdpMsid> msids = remote.Msids;
        return media with
        {
            RemoteSsrcs = remote.Ssrcs,
            RemoteFidGroups = fidGroups,
            RemoteRids = rids,
            RemoteMsid = msids.Count > 0 ? msids[0] : ssrcMsid,
            RemoteCname = cname,
        };
    }
}
