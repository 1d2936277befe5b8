using System.Collections;

namespace StreamMesh.Rtc.Sdp;

/// <summary>
/// The ordered "a=" lines of a session or media section. Order is preserved exactly, so attributes this
/// stack does not understand survive a parse/serialize round trip (RFC 8866 §5.13: unknown attributes are
/// ignored, not dropped). Not thread-safe.
/// </summary>
public sealed class SdpAttributeList : IReadOnlyList<SdpAttribute>
{
    private readonly List<SdpAttribute> _items = [];

    public int Count => _items.Count;

    public SdpAttribute this[int index] => _items[index];

    public void Add(SdpAttribute attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        _items.Add(attribute);
    }

    public void Add(string name, string? value = null) => _items.Add(new SdpAttribute(name, value));

    public void Insert(int index, SdpAttribute attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        _items.Insert(index, attribute);
    }

    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>Index of the first attribute named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name)
    {
        for (int i = 0; i < _items.Count; i++)
        {
            if (string.Equals(_items[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Value of the first attribute named <paramref name="name"/>; false when absent.</summary>
    public bool TryGetValue(string name, out string? value)
    {
        int index = IndexOf(name);
        value = index >= 0 ? _items[index].Value : null;
        return index >= 0;
    }

    /// <summary>Value of the first attribute with that name, or null when absent or a property attribute.</summary>
    public string? GetValue(string name) => TryGetValue(name, out string? value) ? value : null;

    /// <summary>Values of every attribute with that name, in order (property attributes are skipped).</summary>
    public IReadOnlyList<string> GetValues(string name)
    {
        var values = new List<string>();
        foreach (SdpAttribute attribute in _items)
        {
            if (attribute.Value is not null && string.Equals(attribute.Name, name, StringComparison.Ordinal))
            {
                values.Add(attribute.Value);
            }
        }

        return values;
    }

    /// <summary>
    /// Makes <paramref name="name"/> appear exactly once with <paramref name="value"/>: the first occurrence is
    /// replaced in place (keeping its position), later ones removed; appended when absent.
    /// </summary>
    public void Set(string name, string? value)
    {
        var replacement = new SdpAttribute(name, value);
        int index = IndexOf(name);
        if (index < 0)
        {
            _items.Add(replacement);
            return;
        }

        _items[index] = replacement;
        for (int i = _items.Count - 1; i > index; i--)
        {
            if (string.Equals(_items[i].Name, name, StringComparison.Ordinal))
            {
                _items.RemoveAt(i);
            }
        }
    }

    /// <summary>Adds or removes a property attribute such as <c>rtcp-mux</c>.</summary>
    public void SetFlag(string name, bool present)
    {
        if (present)
        {
            if (!Contains(name))
            {
                Add(name);
            }
        }
        else
        {
            RemoveAll(name);
        }
    }

    /// <summary>Removes every attribute with that name; returns how many were removed.</summary>
    public int RemoveAll(string name) =>
        _items.RemoveAll(a => string.Equals(a.Name, name, StringComparison.Ordinal));

    public int RemoveAll(Predicate<SdpAttribute> match) => _items.RemoveAll(match);

    public void RemoveAt(int index) => _items.RemoveAt(index);

    public void Clear() => _items.Clear();

    public List<SdpAttribute>.Enumerator GetEnumerator() => _items.GetEnumerator();

    IEnumerator<SdpAttribute> IEnumerable<SdpAttribute>.GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();
}
