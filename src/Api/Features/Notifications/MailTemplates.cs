using System.Collections.Concurrent;
using System.Net;

namespace Portal.Api.Features.Notifications;

/// <summary>A rendered mail: subject, HTML part and plain-text part.</summary>
public sealed record RenderedMail(string Subject, string Html, string Text);

/// <summary>
/// The mail templates in Templates/ (<c>{template}.{language}.txt</c> whose first line is <c>Subject: ...</c>,
/// and <c>{template}.{language}.html</c>), rendered with <c>{{name}}</c> placeholders and
/// <c>{{#list}}...{{/list}}</c> sections. Values are HTML-encoded in the HTML part.
/// </summary>
public static partial class MailTemplates
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    public static RenderedMail Render(string template, string language, IReadOnlyDictionary<string, object?> model)
    {
        var text = Load($"{template}.{language}.txt");
        var html = Load($"{template}.{language}.html");
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var subjectLine = newline < 0 ? text : text[..newline];
        if (!subjectLine.StartsWith("Subject: ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The template {template}.{language}.txt does not start with 'Subject: '.");
        }
        var body = text[(newline + 1)..].TrimStart('\r', '\n');
        var subject = Fill(subjectLine["Subject: ".Length..].Trim(), model, encode: false);
        return new RenderedMail(subject, Fill(html, model, encode: true), Fill(body, model, encode: false));
    }

    public static bool Exists(string template, string language) =>
        typeof(MailTemplates).Assembly.GetManifestResourceInfo($"Portal.Mail.{template}.{language}.txt") is not null;

    /// <summary>A decimal as the language writes it (de: 1.234,50; en: 1,234.50); invariant globalization has no culture data.</summary>
    public static string Amount(decimal value, string language, int decimals = 2) =>
        value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), Numbers(language));

    public static string Quantity(decimal value, string language) =>
        value.ToString("#,0.###", Numbers(language));

    public static string Date(DateTimeOffset at, string language) =>
        language == "de" ? at.ToUniversalTime().ToString("dd.MM.yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture) : at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static NumberFormatInfo Numbers(string language) => language == "de"
        ? new NumberFormatInfo { NumberDecimalSeparator = ",", NumberGroupSeparator = "." }
        : new NumberFormatInfo { NumberDecimalSeparator = ".", NumberGroupSeparator = "," };

    private static string Load(string name) => Cache.GetOrAdd(name, static n =>
    {
        using var stream = typeof(MailTemplates).Assembly.GetManifestResourceStream("Portal.Mail." + n)
            ?? throw new InvalidOperationException($"No mail template {n}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    });

    private static string Fill(string template, IReadOnlyDictionary<string, object?> model, bool encode)
    {
        var expanded = Section().Replace(template, match =>
        {
            var items = model.TryGetValue(match.Groups[1].Value, out var value) && value is IEnumerable<IReadOnlyDictionary<string, object?>> list ? list : [];
            return string.Concat(items.Select(item => Fill(match.Groups[2].Value, item, encode)));
        });
        return Placeholder().Replace(expanded, match =>
        {
            var value = model.TryGetValue(match.Groups[1].Value, out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty : string.Empty;
            return encode ? WebUtility.HtmlEncode(value) : value;
        });
    }

    [GeneratedRegex(@"\{\{#(\w+)\}\}(.*?)\{\{/\1\}\}", RegexOptions.Singleline)]
    private static partial Regex Section();

    [GeneratedRegex(@"\{\{(\w+)\}\}")]
    private static partial Regex Placeholder();
}
