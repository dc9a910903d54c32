using PdfSharp.Fonts;

namespace Portal.Api.Features.Budgets;

/// <summary>
/// PDFsharp's fonts come from the assembly, not the machine: DejaVu Sans Condensed (free licence, see
/// Fonts/DejaVu-LICENSE.txt) is embedded, so reports render the same on a fresh server without fonts.
/// Bold is simulated.
/// </summary>
public sealed class ReportFontResolver : IFontResolver
{
    public const string Family = "Portal Report";
    private const string Face = "DejaVuSansCondensed";
    private static readonly Lazy<byte[]> Bytes = new(() =>
    {
        using var stream = typeof(ReportFontResolver).Assembly.GetManifestResourceStream("Portal.Fonts.DejaVuSansCondensed.ttf")
            ?? throw new InvalidOperationException("The embedded report font is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    private static readonly object Gate = new();

    /// <summary>Installs the resolver once per process (PDFsharp keeps one, globally).</summary>
    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not ReportFontResolver)
            {
                GlobalFontSettings.FontResolver = new ReportFontResolver();
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => new(Face, bold, italic);

    public byte[]? GetFont(string faceName) => Bytes.Value;
}
