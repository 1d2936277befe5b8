using System.Text;

namespace StreamMesh.Rtc.Sdp;

/// <summary>Serializes a <see cref="SessionDescription"/> in RFC 8866 §5 line order with CRLF endings.</summary>
internal static class SdpWriter
{
    private const string CrLf = "\r\n";

    public static string Write(SessionDescription session)
    {
        var sdp = new StringBuilder(4096);
        Line(sdp, 'v', "0");
        Line(sdp, 'o', session.Origin.ToString());
        Line(sdp, 's', session.SessionName);
        Optional(sdp, 'i', session.Information);
        Optional(sdp, 'u', session.Uri);
        foreach (string email in session.Emails)
        {
            Line(sdp, 'e', email);
        }

        foreach (string phone in session.Phones)
        {
            Line(sdp, 'p', phone);
        }

        Optional(sdp, 'c', session.Connection?.ToString());
        foreach (SdpBandwidth bandwidth in session.Bandwidths)
        {
            Line(sdp, 'b', bandwidth.ToString());
        }

        // RFC 8866 §5.9: t= is mandatory; a description built in code without one gets "t=0 0".
        IReadOnlyList<SdpTiming> timings = session.Timings.Count > 0 ? session.Timings : [SdpTiming.Unbounded];
        foreach (SdpTiming timing in timings)
        {
            Line(sdp, 't', timing.ToString());
            foreach (string repeat in timing.RepeatTimes)
            {
                Line(sdp, 'r', repeat);
            }
        }

        Optional(sdp, 'z', session.TimeZones);
        Optional(sdp, 'k', session.EncryptionKey);
        Attributes(sdp, session.Attributes);

        foreach (MediaDescription media in session.Media)
        {
            WriteMedia(sdp, media);
        }

        return sdp.ToString();
    }

    private static void WriteMedia(StringBuilder sdp, MediaDescription media)
    {
        sdp.Append("m=").Append(media.MediaType).Append(' ').Append(SdpNumber.Format(media.Port));
        if (media.NumberOfPorts is int ports)
        {
            sdp.Append('/').Append(SdpNumber.Format(ports));
        }

        sdp.Append(' ').Append(media.Protocol);
        foreach (string format in media.Formats)
        {
            sdp.Append(' ').Append(format);
        }

        sdp.Append(CrLf);
        Optional(sdp, 'i', media.Title);
        Optional(sdp, 'c', media.Connection?.ToString());
        foreach (SdpBandwidth bandwidth in media.Bandwidths)
        {
            Line(sdp, 'b', bandwidth.ToString());
        }

        Optional(sdp, 'k', media.EncryptionKey);
        Attributes(sdp, media.Attributes);
    }

    private static void Attributes(StringBuilder sdp, SdpAttributeList attributes)
    {
        foreach (SdpAttribute attribute in attributes)
        {
            sdp.Append("a=").Append(attribute.Name);
            if (attribute.Value is not null)
            {
                sdp.Append(':').Append(attribute.Value);
            }

            sdp.Append(CrLf);
        }
    }

    private static void Optional(StringBuilder sdp, char type, string? value)
    {
        if (value is not null)
        {
            Line(sdp, type, value);
        }
    }

    private static void Line(StringBuilder sdp, char type, string value)
    {
        if (SdpToken.ContainsLineBreak(value))
        {
            throw new InvalidOperationException($"The value of an '{type}=' line contains a line break.");
        }

        sdp.Append(type).Append('=').Append(value).Append(CrLf);
    }
}
