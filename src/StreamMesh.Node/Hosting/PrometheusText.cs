using System.Globalization;
using System.Text;

namespace StreamMesh.Node.Hosting;

/// <summary>Writes the Prometheus text exposition format (version 0.0.4): HELP, TYPE and samples.</summary>
internal sealed class PrometheusText
{
    private readonly StringBuilder _text = new();

    public PrometheusText Counter(string name, string help, long value, string? labels = null) => Sample(name, "counter", help, value, labels);

    public PrometheusText Gauge(string name, string help, double value, string? labels = null) => Sample(name, "gauge", help, value, labels);

    /// <summary>One metric family with one sample per label set.</summary>
    public PrometheusText Family(string name, string type, string help, IEnumerable<(string Labels, double Value)> samples)
    {
        _text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        _text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        foreach (var (labels, value) in samples)
        {
            AppendSample(name, labels, value);
        }

        return this;
    }

    public override string ToString() => _text.ToString();

    private PrometheusText Sample(string name, string type, string help, double value, string? labels)
    {
        _text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        _text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        AppendSample(name, labels, value);
        return this;
    }

    private void AppendSample(string name, string? labels, double value)
    {
        _text.Append(name);
        if (!string.IsNullOrEmpty(labels))
        {
            _text.Append('{').Append(labels).Append('}');
        }

        _text.Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }
}
