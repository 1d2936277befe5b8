using StreamMesh.Topology.Sites;

namespace StreamMesh.Topology.Tree;

/// <content>Validation of everything a peer sends; refusals carry a message naming the field.</content>
public sealed partial class StreamTree
{
    private string? ValidateDeclaration(PeerDeclaration d)
    {
        if (!PeerIdFormat.IsValid(d.PeerId))
        {
            return $"peer id must be 1-{PeerIdFormat.MaxLength} characters of A-Z a-z 0-9 . _ : -";
        }

        if (!Enum.IsDefined(d.Role))
        {
            return "role is not one of origin, relay, viewer, relayCapableViewer";
        }

        if (d.Role == PeerRole.Viewer ? d.Capacity != 0 : d.Capacity < 0 || d.Capacity > Options.MaxCapacity)
        {
            return d.Role == PeerRole.Viewer
                ? "a viewer has capacity 0"
                : $"capacity must be in [0, {Options.MaxCapacity}]";
        }

        if (d.Role is PeerRole.Origin or PeerRole.Relay && d.Capacity < 1)
        {
            return "an origin or relay needs a capacity of at least 1";
        }

        if (d.Site is not null && !SiteName.IsValid(d.Site.Trim()))
        {
            return $"site must be 1-{SiteName.MaxLength} characters of A-Z a-z 0-9 . _ -";
        }

        if (d.Url is not null && (d.Url.Length > 2048 || !Uri.TryCreate(d.Url, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            return "url must be an absolute http or https URL";
        }

        if (d.Coordinate is { } c && (!c.IsValid || Math.Abs(c.X) > 1e5 || Math.Abs(c.Y) > 1e5 || c.Height > 1e5))
        {
            return "coordinate components must be finite, |x|,|y|,height <= 100000 and height >= 0";
        }

        return null;
    }

    private string? ValidateProbes(IReadOnlyList<RttSample>? probes)
    {
        if (probes is null)
        {
            return null;
        }

        if (probes.Count > 64)
        {
            return "at most 64 probes per request";
        }

        foreach (RttSample probe in probes)
        {
            if (!PeerIdFormat.IsValid(probe.PeerId))
            {
                return "probe peer id is malformed";
            }

            if (!double.IsFinite(probe.RttMs) || probe.RttMs < 0 || probe.RttMs > Options.Vivaldi.MaxRttMs)
            {
                return $"probe RTT must be in [0, {Options.Vivaldi.MaxRttMs}] ms";
            }
        }

        return null;
    }
}
