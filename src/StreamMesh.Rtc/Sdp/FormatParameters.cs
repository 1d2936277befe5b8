using System.Text;

namespace StreamMesh.Rtc.Sdp;

/// <summary>
/// The parameter list of an "a=fmtp" line as ordered key/value pairs, e.g. <c>minptime=10;useinbandfec=1</c>
/// (RFC 8866 §6.15). Keys compare case-insensitively because media type parameter names are case-insensitive
/// (RFC 6838 §4.3). Entries without '=' (telephone-event's <c>0-16</c>, red's <c>111/111</c>) are kept with a
/// null value. Immutable.
/// </summary>
public sealed class FormatParameters : IEquatable<FormatParameters>
{
    private readonly KeyValuePair<string, string?>[] _entries;

    private FormatParameters(KeyValuePair<string, string?>[] entries) => _entries = entries;

    public static FormatParameters Empty { get; } = new([]);

    public IReadOnlyList<KeyValuePair<string, string?>> Entries => _entries;

    public int Count => _entries.Length;

    /// <summary>Builds parameters from pairs in the given order; a later duplicate key replaces the earlier value.</summary>
    public static FormatParameters Create(params ReadOnlySpan<(string Key, string? Value)> entries)
    {
        FormatParameters result = Empty;
        foreach ((string key, string? value) in entries)
        {
            result = result.With(key, value);
        }

        return result;
    }

    /// <summary>Splits on ';' and the first '=' of each part, trimming spaces. Never throws; empty parts are skipped.</summary>
    public static FormatParameters Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Empty;
        }

        var entries = new List<KeyValuePair<string, string?>>();
        foreach (string part in text.Split(';'))
        {
            string trimmed = part.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            int equals = trimmed.IndexOf('=', StringComparison.Ordinal);
            entries.Add(equals < 0
                ? new KeyValuePair<string, string?>(trimmed, null)
                : new KeyValuePair<string, string?>(trimmed[..equals].Trim(), trimmed[(equals + 1)..].Trim()));
        }

        return new FormatParameters([.. entries]);
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, out string? value)
    {
        int index = IndexOf(key);
        value = index >= 0 ? _entries[index].Value : null;
        return index >= 0;
    }

    public string? GetValueOrDefault(string key) => TryGetValue(key, out string? value) ? value : null;

    /// <summary>Integer value of <paramref name="key"/>, or null when absent or not a non-negative integer.</summary>
    public int? GetInt(string key) =>
        TryGetValue(key, out string? value) && value is not null && SdpNumber.TryParseInt(value, out int number)
            ? number
            : null;

    /// <summary>Copy with <paramref name="key"/> set: replaced in place if present, appended otherwise.</summary>
    public FormatParameters With(string key, string? value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (key.AsSpan().IndexOfAny(";= \r\n") >= 0 || (value is not null && value.AsSpan().IndexOfAny(";\r\n") >= 0))
        {
            throw new ArgumentException($"Format parameter '{key}' contains a reserved character.", nameof(key));
        }

        int index = IndexOf(key);
        KeyValuePair<string, string?>[] copy;
        if (index >= 0)
        {
            copy = (KeyValuePair<string, string?>[])_entries.Clone();
            copy[index] = new KeyValuePair<string, string?>(_entries[index].Key, value);
        }
        else
        {
            copy = [.. _entries, new KeyValuePair<string, string?>(key, value)];
        }

        return new FormatParameters(copy);
    }

    public FormatParameters Without(string key)
    {
        int index = IndexOf(key);
        if (index < 0)
        {
            return this;
        }

        var copy = new List<KeyValuePair<string, string?>>(_entries);
        copy.RemoveAt(index);
        return new FormatParameters([.. copy]);
    }

    /// <summary>The fmtp text, entries joined by ';' without spaces (the form Chromium emits).</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (KeyValuePair<string, string?> entry in _entries)
        {
            if (builder.Length > 0)
            {
                builder.Append(';');
            }

            builder.Append(entry.Key);
            if (entry.Value is not null)
            {
                builder.Append('=').Append(entry.Value);
            }
        }

        return builder.ToString();
    }

    /// <summary>Same keys (case-insensitive) with the same values in the same order.</summary>
    public bool Equals(FormatParameters? other)
    {
        if (other is null || other._entries.Length != _entries.Length)
        {
            return false;
        }

        for (int i = 0; i < _entries.Length; i++)
        {
            if (!string.Equals(_entries[i].Key, other._entries[i].Key, StringComparison.OrdinalIgnoreCase)
                || !string.Equals(_entries[i].Value, other._entries[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as FormatParameters);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (KeyValuePair<string, string?> entry in _entries)
        {
            hash.Add(entry.Key, StringComparer.OrdinalIgnoreCase);
            hash.Add(entry.Value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    private int IndexOf(string key)
    {
        for (int i = 0; i < _entries.Length; i++)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
