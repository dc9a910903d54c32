using Portal.Api.Features.Quotes;

namespace Portal.Api.Features.Punchout;

/// <summary>
/// The reference of a quote line as it travels through a punchout (cXML SupplierPartAuxiliaryID):
/// <c>{quote number}/v{version}/{line position}</c>, e.g. <c>QT-00000042/v2/3</c>. The order line's condition id
/// is the part before the position (<c>QT-00000042/v2</c>), as when the quote is accepted through the API.
/// </summary>
public static partial class PunchoutQuoteReference
{
    public static string Condition(string number, int version) => $"{number}/v{version}";

    public static string Format(string number, int version, int position) => $"{Condition(number, version)}/{position}";

    public static bool TryParse(string? text, out string number, out int version, out int position)
    {
        number = string.Empty;
        version = position = 0;
        if (text is null || text.Length > 64 || Pattern().Match(text.Trim()) is not { Success: true } match)
        {
            return false;
        }
        number = match.Groups[1].Value;
        return int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out version)
            && int.TryParse(match.Groups[3].Value, NumberStyles.None, CultureInfo.InvariantCulture, out position);
    }

    [GeneratedRegex(@"^(QT-[0-9]{1,20})/v([0-9]{1,6})/([0-9]{1,6})$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

/// <summary>A quote version brought into a punchout session.</summary>
public sealed record LoadedQuote(Quote Quote, QuoteVersion Version)
{
    public string Condition => PunchoutQuoteReference.Condition(Quote.Number, Version.Number);

    /// <summary>Null while the version can still be bought at its prices; otherwise why not.</summary>
    public string? Invalid(DateTimeOffset now) =>
        Quote.Status == QuoteStatuses.Expired || (Quote.Status == QuoteStatuses.Offered && Quote.ValidUntil <= now)
            ? $"Quote {Quote.Number} expired on {Quote.ValidUntil:yyyy-MM-dd HH:mm} UTC; its prices no longer apply."
            : Quote.Status != QuoteStatuses.Offered ? $"Quote {Quote.Number} is {Quote.Status}; its prices no longer apply."
            : Quote.LatestVersion != Version.Number ? $"Quote {Quote.Number} version {Version.Number} has been superseded by version {Quote.LatestVersion}."
            : null;
}

/// <summary>
/// Quotes in punchout sessions: a buyer loads an offered, valid quote of the session's account into the cart,
/// which then holds the quote's lines at the quoted prices. Which quote a session holds is recorded in the quote's
/// history (action <c>punchout</c>, the session in the comment), so no column on the session is needed; the
/// cart's lines are marked by their recorded unit price (set when loaded, before any transfer).
/// </summary>
public sealed class PunchoutQuotes(PortalDbContext db, QuoteService quotes, TimeProvider clock)
{
    public const string HistoryAction = "punchout";

    private static string Marker(Guid sessionId) => $"Brought into punchout session {sessionId:N}";

    /// <summary>Whether the session's cart is a quote (its lines were loaded from one).</summary>
    public static bool IsQuoteCart(PunchoutSession session) => session.Lines.Count > 0 && session.Lines.All(l => l.QuotedUnitPrice is not null);

    /// <summary>
    /// Replaces the cart with the lines of the latest sent version of the quote <paramref name="number"/>: only a quote the
    /// session's user can see in the session's account (another account's is "unknown"), offered and within its validity.
    /// </summary>
    public async Task<LoadedQuote> LoadAsync(PunchoutSession session, string? number, CancellationToken cancellationToken)
    {
        if (session.Operation == "inspect")
        {
            throw new PunchoutPageException(StatusCodes.Status403Forbidden, "This cart is read-only", "Your procurement system opened this cart to look at it, not to change it.");
        }
        number = number?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(number) || number.Length > 32)
        {
            throw new PunchoutPageException(StatusCodes.Status400BadRequest, "Enter a quote number", "Enter the number of the quote, e.g. QT-00000042.");
        }
        // Tenant-filtered and limited to what the session's user may see: another account's quote is simply unknown.
        var quote = await quotes.Visible().FirstOrDefaultAsync(q => q.Number == number && q.CustomerId == session.CustomerId, cancellationToken);
        if (quote is null || quote.LatestVersion < 1)
        {
            throw new PunchoutPageException(StatusCodes.Status404NotFound, "Unknown quote", $"No offered quote has the number '{number}'.");
        }
        var version = await db.Set<QuoteVersion>().AsNoTracking().FirstAsync(v => v.QuoteId == quote.Id && v.Number == quote.LatestVersion, cancellationToken);
        var loaded = new LoadedQuote(quote, version);
        var now = clock.GetUtcNow();
        if (loaded.Invalid(now) is { } why)
        {
            throw new PunchoutPageException(StatusCodes.Status409Conflict, "This quote cannot be used", why);
        }
        if (version.Lines.Count > CartLimits.MaxLines)
        {
            throw new PunchoutPageException(StatusCodes.Status422UnprocessableEntity, "The quote is too large", $"A punchout cart has at most {CartLimits.MaxLines} lines.");
        }
        foreach (var line in session.Lines.ToList())
        {
            session.Lines.Remove(line);
            db.PunchoutSessionLines.Remove(line);
        }
        foreach (var line in version.Lines.OrderBy(l => l.Position))
        {
            var added = new PunchoutSessionLine
            {
                CustomerId = session.CustomerId, SessionId = session.Id, Position = line.Position, Sku = line.Sku, Quantity = line.Quantity,
                QuotedUnitPrice = line.UnitPrice, QuotedCurrency = version.Currency,
            };
            session.Lines.Add(added);
            db.PunchoutSessionLines.Add(added);
        }
        quotes.AddHistory(quote, HistoryAction, quote.Status, quote.Status, version.Number, now, Marker(session.Id));
        return loaded;
    }

    /// <summary>
    /// An <c>edit</c>/<c>inspect</c> set-up whose ItemOut lines all reference lines of one quote version (the
    /// SupplierPartAuxiliaryIDs written at transfer) starts as that quote cart again, at the quoted prices and quantities —
    /// if the quote is still visible, offered and valid. Returns false (the caller keeps the ordinary cart) otherwise.
    /// </summary>
    public async Task<bool> RestoreAsync(PunchoutSession session, IReadOnlyList<(string Sku, string? Aux)> items, CancellationToken cancellationToken)
    {
        var refs = new List<(string Sku, string Number, int Version, int Position)>();
        foreach (var (sku, aux) in items)
        {
            if (!PunchoutQuoteReference.TryParse(aux, out var number, out var version, out var position))
            {
                return false;
            }
            refs.Add((sku, number, version, position));
        }
        if (refs.Count == 0 || refs.Select(r => (r.Number, r.Version)).Distinct().Count() != 1)
        {
            return false;
        }
        var (wantedNumber, wantedVersion) = (refs[0].Number, refs[0].Version);
        var quote = await quotes.Visible().AsNoTracking().FirstOrDefaultAsync(q => q.Number == wantedNumber && q.CustomerId == session.CustomerId, cancellationToken);
        var sent = quote is null ? null : await db.Set<QuoteVersion>().AsNoTracking().FirstOrDefaultAsync(v => v.QuoteId == quote.Id && v.Number == wantedVersion, cancellationToken);
        if (quote is null || sent is null || new LoadedQuote(quote, sent).Invalid(clock.GetUtcNow()) is not null)
        {
            return false;
        }
        var offered = sent.Lines.ToDictionary(l => l.Position);
        if (refs.Any(r => !offered.TryGetValue(r.Position, out var line) || line.Sku != r.Sku))
        {
            return false;
        }
        session.Lines.Clear();
        foreach (var position in refs.Select(r => r.Position).Distinct().Order())
        {
            var line = offered[position];
            session.Lines.Add(new PunchoutSessionLine
            {
                CustomerId = session.CustomerId, SessionId = session.Id, Position = line.Position, Sku = line.Sku, Quantity = line.Quantity,
                QuotedUnitPrice = line.UnitPrice, QuotedCurrency = sent.Currency,
            });
        }
        quotes.AddHistory(quote, HistoryAction, quote.Status, quote.Status, sent.Number, clock.GetUtcNow(), Marker(session.Id));
        return true;
    }

    /// <summary>The quote version the session's cart was last loaded from, if its cart is a quote.</summary>
    public async Task<LoadedQuote?> FindAsync(PunchoutSession session, CancellationToken cancellationToken)
    {
        if (!IsQuoteCart(session))
        {
            return null;
        }
        var marker = Marker(session.Id);
        var entry = await db.Set<QuoteHistoryEntry>().AsNoTracking()
            .Where(h => h.CustomerId == session.CustomerId && h.Action == HistoryAction && h.Comment == marker)
            .OrderByDescending(h => h.At).ThenByDescending(h => h.Id)
            .Select(h => new { h.QuoteId, h.QuoteVersion }).FirstOrDefaultAsync(cancellationToken);
        if (entry is null)
        {
            return null;
        }
        var quote = await db.Set<Quote>().AsNoTracking().FirstAsync(q => q.Id == entry.QuoteId, cancellationToken);
        var version = await db.Set<QuoteVersion>().AsNoTracking().FirstAsync(v => v.QuoteId == entry.QuoteId && v.Number == entry.QuoteVersion, cancellationToken);
        return new LoadedQuote(quote, version);
    }
}
