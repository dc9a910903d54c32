using System.Globalization;

namespace Portal.Load;

/// <summary>"--name value" options after the command word; every option has a default.</summary>
public sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public Options(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'; options are --name value.");
            }
            var name = args[i][2..];
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                _values[name[..eq]] = name[(eq + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                _values[name] = args[++i];
            }
            else
            {
                _values[name] = "true";
            }
        }
    }

    public string String(string name, string fallback) => _values.TryGetValue(name, out var v) ? v : fallback;

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var v) ? int.Parse(v.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        _values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public bool Has(string name) => _values.ContainsKey(name);
}
