using System.Diagnostics.CodeAnalysis;

namespace StreamMesh.Rtc.Sdp;

/// <summary>
/// Line-oriented SDP parser. Structure is enforced strictly — v=, o=, s= first, line types in RFC 8866 §5
/// order, t= present, well-formed m= lines, well-formed values for the attributes WebRTC relies on — because
/// RFC 8829 §5.8 requires rejecting any description that is not well formed. Unknown attributes are kept
/// verbatim. Never throws on bad input: the first problem is reported as an <see cref="SdpParseError"/>.
/// </summary>
internal sealed class SdpReader
{
    // RFC 8866 §5 order of session-level and media-level line types.
    private const string SessionOrder = "vosiuepcbtrzka";
    private const string MediaOrder = "micbka";
    private const int MaxExcerpt = 80;

    private readonly SdpParserOptions _options;
    private readonly HashSet<string> _mids = new(StringComparer.Ordinal);
    private SdpParseError? _error;
    private int _lineNumber;
    private string _line = string.Empty;

    public SdpReader(SdpParserOptions options) => _options = options;

    public static SdpParseError TooLarge(int length, int maxLength) =>
        new(0, $"SDP is {length} characters long, more than the {maxLength} allowed.");

    public bool TryRead(
        string? sdp,
        [NotNullWhen(true)] out SessionDescription? description,
        [NotNullWhen(false)] out SdpParseError? error)
    {
        description = null;
        if (string.IsNullOrEmpty(sdp))
        {
            error = new SdpParseError(0, "SDP is empty.");
            return false;
        }

        if (sdp.Length > _options.MaxLength)
        {
            error = TooLarge(sdp.Length, _options.MaxLength);
            return false;
        }

        if (ReadLines(sdp, out List<string>? lines) && ReadDescription(lines, out description))
        {
            error = null;
            return true;
        }

        error = _error!;
        description = null;
        return false;
    }

    /// <summary>Splits on LF, accepting CRLF or bare LF; blank lines are allowed only at the very end.</summary>
    private bool ReadLines(string sdp, [NotNullWhen(true)] out List<string>? lines)
    {
        lines = [];
        int blankAt = 0;
        int start = 0;
        while (start < sdp.Length)
        {
            int end = sdp.IndexOf('\n', start);
            int next = end < 0 ? sdp.Length : end + 1;
            ReadOnlySpan<char> line = sdp.AsSpan(start, (end < 0 ? sdp.Length : end) - start);
            if (line.EndsWith("\r"))
            {
                line = line[..^1];
            }

            _lineNumber = lines.Count + 1;
            if (line.IndexOfAny('\r', '\0') >= 0)
            {
                _line = line.ToString();
                lines = null;
                return Fail("contains a carriage return or NUL inside the line");
            }

            // Tolerate trailing blanks (hand-written SDP) except on s=, where " " is the RFC's "no name".
            if (!line.StartsWith("s="))
            {
                line = line.TrimEnd(" \t");
            }

            if (line.IsEmpty)
            {
                blankAt = blankAt == 0 ? _lineNumber : blankAt;
            }
            else if (blankAt != 0)
            {
                _lineNumber = blankAt;
                _line = string.Empty;
                lines = null;
                return Fail("empty line inside the description");
            }

            lines.Add(line.ToString());
            start = next;
        }

        if (blankAt != 0)
        {
            lines.RemoveRange(blankAt - 1, lines.Count - blankAt + 1);
        }

        return true;
    }

    private bool ReadDescription(List<string> lines, [NotNullWhen(true)] out SessionDescription? description)
    {
        description = null;
        if (lines.Count < 3)
        {
            _lineNumber = lines.Count;
            _line = lines.Count > 0 ? lines[^1] : string.Empty;
            return Fail("an SDP needs at least v=, o=, s= and t= lines");
        }

        if (!Expect(lines, 0, 'v', out string? version))
        {
            return false;
        }

        if (version != "0")
        {
            return Fail("protocol version must be 0 (RFC 8866 §5.1)");
        }

        if (!Expect(lines, 1, 'o', out string? originText))
        {
            return false;
        }

        if (!SdpOrigin.TryParse(originText, out SdpOrigin? origin))
        {
            return Fail("o= needs <username> <sess-id> <sess-version> <nettype> <addrtype> <address> with numeric id and version");
        }

        if (!Expect(lines, 2, 's', out string? sessionName))
        {
            return false;
        }

        var session = new SessionDescription(origin, sessionName);
        var sessionScope = new SdpAttributeScope(isMedia: false);
        int rank = SessionOrder.IndexOf('s', StringComparison.Ordinal);
        int index = 3;
        for (; index < lines.Count; index++)
        {
            SetLine(lines, index);
            if (!SplitLine(out char type, out string? value))
            {
                return false;
            }

            if (type == 'm')
            {
                break;
            }

            if (!CheckOrder(SessionOrder, type, ref rank, "session") || !ReadSessionLine(session, sessionScope, type, value))
            {
                return false;
            }
        }

        if (session.Timings.Count == 0)
        {
            _lineNumber = Math.Min(index + 1, lines.Count);
            _line = lines[_lineNumber - 1];
            return Fail("missing t= line before the first m= line (RFC 8866 §5.9)");
        }

        MediaDescription? media = null;
        SdpAttributeScope? mediaScope = null;
        for (; index < lines.Count; index++)
        {
            SetLine(lines, index);
            if (!SplitLine(out char type, out string? value))
            {
                return false;
            }

            if (type == 'm')
            {
                if (session.Media.Count == _options.MaxMediaSections)
                {
                    return Fail($"more than {_options.MaxMediaSections} m= sections");
                }

                if (!ReadMediaLine(value, out media))
                {
                    return false;
                }

                session.Media.Add(media);
                mediaScope = new SdpAttributeScope(isMedia: true) { IsRtp = media.IsRtp };
                rank = 0;
                continue;
            }

            if (!CheckOrder(MediaOrder, type, ref rank, "media") || !ReadMediaSectionLine(media!, mediaScope!, type, value))
            {
                return false;
            }
        }

        description = session;
        return true;
    }

    private bool ReadSessionLine(SessionDescription session, SdpAttributeScope scope, char type, string value)
    {
        switch (type)
        {
            case 'i':
                session.Information = value;
                return true;
            case 'u':
                session.Uri = value;
                return true;
            case 'e':
                session.Emails.Add(value);
                return true;
            case 'p':
                session.Phones.Add(value);
                return true;
            case 'c':
                if (!SdpConnection.TryParse(value, out SdpConnection? connection))
                {
                    return Fail("c= needs <nettype> <addrtype> <connection-address>");
                }

                session.Connection = connection;
                return true;
            case 'b':
                if (!SdpBandwidth.TryParse(value, out SdpBandwidth? bandwidth))
                {
                    return Fail("b= needs <bwtype>:<bandwidth>");
                }

                session.Bandwidths.Add(bandwidth);
                return true;
            case 't':
                if (!SdpTiming.TryParse(value, out SdpTiming? timing))
                {
                    return Fail("t= needs <start-time> <stop-time> as integers");
                }

                session.Timings.Add(timing);
                return true;
            case 'r':
                SdpTiming last = session.Timings[^1];
                session.Timings[^1] = last with { RepeatTimes = [.. last.RepeatTimes, value] };
                return true;
            case 'z':
                session.TimeZones = value;
                return true;
            case 'k':
                session.EncryptionKey = value;
                return true;
            case 'a':
                return ReadAttribute(session.Attributes, scope, value);
            default:
                return Fail($"'{type}=' is not allowed at session level");
        }
    }

    private bool ReadMediaSectionLine(MediaDescription media, SdpAttributeScope scope, char type, string value)
    {
        switch (type)
        {
            case 'i':
                media.Title = value;
                return true;
            case 'c':
                if (!SdpConnection.TryParse(value, out SdpConnection? connection))
                {
                    return Fail("c= needs <nettype> <addrtype> <connection-address>");
                }

                media.Connection = connection;
                return true;
            case 'b':
                if (!SdpBandwidth.TryParse(value, out SdpBandwidth? bandwidth))
                {
                    return Fail("b= needs <bwtype>:<bandwidth>");
                }

                media.Bandwidths.Add(bandwidth);
                return true;
            case 'k':
                media.EncryptionKey = value;
                return true;
            case 'a':
                if (!ReadAttribute(media.Attributes, scope, value))
                {
                    return false;
                }

                if (scope.Mid is string mid && scope.MidJustSet)
                {
                    scope.MidJustSet = false;
                    if (!_mids.Add(mid))
                    {
                        return Fail($"mid '{mid}' is used by more than one m= section (RFC 5888 §4)");
                    }
                }

                return true;
            default:
                return Fail($"'{type}=' is not allowed inside a media section");
        }
    }

    /// <summary>m=&lt;media&gt; &lt;port&gt;[/&lt;number of ports&gt;] &lt;proto&gt; &lt;fmt&gt; ... (RFC 8866 §5.14).</summary>
    private bool ReadMediaLine(string value, [NotNullWhen(true)] out MediaDescription? media)
    {
        media = null;
        string[] fields = value.Split(' ');
        if (fields.Length < 4)
        {
            return Fail("m= needs <media> <port> <proto> and at least one <fmt>");
        }

        if (!SdpToken.IsToken(fields[0]))
        {
            return Fail("m= media type is not a token");
        }

        string portText = fields[1];
        int? numberOfPorts = null;
        int slash = portText.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!SdpNumber.TryParseInt(portText.AsSpan(slash + 1), out int count) || count == 0)
            {
                return Fail("m= number of ports must be a positive integer");
            }

            numberOfPorts = count;
            portText = portText[..slash];
        }

        if (!SdpNumber.TryParseInt(portText, out int port) || port > 65535)
        {
            return Fail($"m= port '{portText}' is not a number between 0 and 65535");
        }

        if (!SdpToken.IsVisibleText(fields[2]))
        {
            return Fail("m= protocol is empty");
        }

        bool isRtp = fields[2].Contains("RTP/", StringComparison.Ordinal);
        for (int i = 3; i < fields.Length; i++)
        {
            if (!SdpToken.IsVisibleText(fields[i]))
            {
                return Fail("m= has an empty format (double space?)");
            }

            if (isRtp && !SdpNumber.TryParsePayloadType(fields[i], out _))
            {
                return Fail($"m= format '{fields[i]}' is not an RTP payload type 0-127");
            }
        }

        media = new MediaDescription(fields[0], port, fields[2], fields[3..]) { NumberOfPorts = numberOfPorts };
        return true;
    }

    private bool ReadAttribute(SdpAttributeList attributes, SdpAttributeScope scope, string text)
    {
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string name = colon < 0 ? text : text[..colon];
        string? value = colon < 0 ? null : text[(colon + 1)..];
        if (!SdpToken.IsToken(name))
        {
            return Fail($"attribute name '{name}' is not a token");
        }

        string? problem = SdpAttributeValidator.Validate(scope, name, value);
        if (problem is not null)
        {
            return Fail(problem);
        }

        attributes.Add(new SdpAttribute(name, value));
        return true;
    }

    private bool Expect(List<string> lines, int index, char type, [NotNullWhen(true)] out string? value)
    {
        SetLine(lines, index);
        value = null;
        if (!SplitLine(out char actual, out string? text))
        {
            return false;
        }

        if (actual != type)
        {
            return Fail($"expected '{type}=' as line {index + 1} but found '{actual}='");
        }

        value = text;
        return true;
    }

    /// <summary>&lt;type&gt;=&lt;value&gt; with a single lower-case letter type and no space around '=' (RFC 8866 §5).</summary>
    private bool SplitLine(out char type, [NotNullWhen(true)] out string? value)
    {
        type = '\0';
        value = null;
        if (_line.Length < 2 || _line[1] != '=' || _line[0] < 'a' || _line[0] > 'z')
        {
            return Fail("not a '<type>=<value>' line");
        }

        type = _line[0];
        if (!SessionOrder.Contains(type, StringComparison.Ordinal) && type != 'm')
        {
            return Fail($"unknown line type '{type}='");
        }

        value = _line[2..];
        return true;
    }

    private bool CheckOrder(string order, char type, ref int rank, string level)
    {
        int position = order.IndexOf(type, StringComparison.Ordinal);
        if (position < 0)
        {
            return Fail($"'{type}=' is not allowed {(level == "media" ? "inside a media section" : "at session level")}");
        }

        if (type == 'r' && rank != order.IndexOf('t', StringComparison.Ordinal))
        {
            return Fail("r= must follow a t= line (RFC 8866 §5.10)");
        }

        // t= and r= share a slot: "t= r*" may repeat.
        int effective = type == 'r' ? order.IndexOf('t', StringComparison.Ordinal) : position;
        if (effective < rank)
        {
            return Fail($"'{type}=' is out of order in the {level} description (RFC 8866 §5 order is {string.Join(' ', order.ToCharArray())})");
        }

        bool repeatable = type is 'a' or 'b' or 't' or 'r' or 'e' or 'p';
        if (!repeatable && effective == rank && rank != 0)
        {
            return Fail($"'{type}=' appears more than once in the {level} description");
        }

        rank = effective;
        return true;
    }

    private void SetLine(List<string> lines, int index)
    {
        _lineNumber = index + 1;
        _line = lines[index];
    }

    private bool Fail(string message)
    {
        string excerpt = _line.Length > MaxExcerpt ? string.Concat(_line.AsSpan(0, MaxExcerpt), "...") : _line;
        _error = new SdpParseError(_lineNumber, excerpt.Length == 0 ? message : $"{message}: \"{excerpt}\"");
        return false;
    }
}
