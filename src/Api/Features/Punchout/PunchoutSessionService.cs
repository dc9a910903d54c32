using Portal.Api.Features.Catalog;
using Portal.Api.Features.Pricing;
using Portal.Punchout.Money;
using Portal.Punchout.Sessions;

namespace Portal.Api.Features.Punchout;

/// <summary>A page-level failure of a punchout session, shown as an HTML page with this status.</summary>
public sealed class PunchoutPageException(int status, string title, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
}

/// <summary>
/// The browser side of a punchout: entering through the single-use StartPage, the session cookie, the
/// cart, and the transfer that prices the cart, records the quotes and builds the PunchOutOrderMessage.
/// Sessions live in the database, so any instance serves any request of a session.
/// </summary>
public sealed class PunchoutSessionService(
    PortalDbContext db, PunchoutBuyers buyers, PriceCalculationService pricing, IOptions<PortalOptions> options,
    IEnumerable<ICartTransfer> transfers, PunchoutQuotes quotes, TimeProvider clock)
{
    public const string CookieName = "portal_punchout";

    /// <summary>Uses a StartPage token once and returns the browser token for the session cookie.</summary>
    public async Task<string> StartAsync(string token, CancellationToken cancellationToken)
    {
        var hash = PunchoutTokens.Hash(token ?? string.Empty);
        var now = clock.GetUtcNow();
        var browserToken = PunchoutTokens.New();
        var browserHash = PunchoutTokens.Hash(browserToken);
        var expires = now + options.Value.Punchout.SessionLifetime;
        // One statement: of two requests racing for the same link, exactly one wins.
        var won = await db.PunchoutSessions.IgnoreQueryFilters()
            .Where(s => s.StartTokenHash == hash && s.StartedAt == null && s.Status == PunchoutSessionStatuses.Pending && s.StartExpiresAt > now)
            .ExecuteUpdateAsync(set => set
                .SetProperty(s => s.StartedAt, now)
                .SetProperty(s => s.BrowserTokenHash, browserHash)
                .SetProperty(s => s.Status, PunchoutSessionStatuses.Open)
                .SetProperty(s => s.ExpiresAt, expires)
                .SetProperty(s => s.Version, s => s.Version + 1), cancellationToken);
        if (won == 1)
        {
            return browserToken;
        }
        var known = await db.PunchoutSessions.IgnoreQueryFilters().AnyAsync(s => s.StartTokenHash == hash, cancellationToken);
        throw known
            ? new PunchoutPageException(StatusCodes.Status410Gone, "This link has been used or has expired",
                "A punchout link works once and for a few minutes. Start the punchout again from your procurement system.")
            : new PunchoutPageException(StatusCodes.Status404NotFound, "Unknown punchout link",
                "This punchout link is not known. Start the punchout again from your procurement system.");
    }

    /// <summary>The open session of the browser's cookie; acts as its user for the rest of the request.</summary>
    public async Task<PunchoutSession> CurrentAsync(string? cookie, bool tracking, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(cookie))
        {
            throw new PunchoutPageException(StatusCodes.Status401Unauthorized, "No punchout session",
                "This page belongs to a punchout session. Start the punchout from your procurement system.");
        }
        var hash = PunchoutTokens.Hash(cookie);
        var query = db.PunchoutSessions.IgnoreQueryFilters().Include(s => s.Lines).AsSplitQuery();
        var session = await (tracking ? query : query.AsNoTracking()).FirstOrDefaultAsync(s => s.BrowserTokenHash == hash, cancellationToken);
        if (session is null || session.ExpiresAt <= clock.GetUtcNow())
        {
            throw new PunchoutPageException(StatusCodes.Status401Unauthorized, "The punchout session has ended",
                "Your punchout session has expired. Start the punchout again from your procurement system.");
        }
        if (session.Status != PunchoutSessionStatuses.Open)
        {
            throw new PunchoutPageException(StatusCodes.Status409Conflict, "The cart has been returned",
                "This cart was sent back to your procurement system already. Start a new punchout to shop again.");
        }
        await buyers.ActAsAsync(session.CustomerId, session.UserId, cancellationToken);
        return session;
    }

    public static void RequireFormToken(PunchoutSession session, string? presented)
    {
        if (presented is null
            || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(session.FormToken)))
        {
            throw new PunchoutPageException(StatusCodes.Status403Forbidden, "The form has expired", "Reload the page and try again.");
        }
    }

    /// <summary>Adds a quantity of a product (merged into an existing line of the same product).</summary>
    public async Task<string> AddLineAsync(PunchoutSession session, string? sku, string? quantityText, CancellationToken cancellationToken)
    {
        RequireWritable(session);
        RequireNoQuote(session);
        sku = sku?.Trim();
        var quantity = ParseQuantity(quantityText);
        var product = string.IsNullOrEmpty(sku) ? null : await db.Products.AsNoTracking().Where(p => p.Sku == sku).Select(p => new { p.Sku, p.Name, p.Unit }).FirstOrDefaultAsync(cancellationToken);
        if (product is null)
        {
            throw new PunchoutPageException(StatusCodes.Status400BadRequest, "Unknown product", $"No product has the article number '{sku}'.");
        }
        RequireWholeUnits(quantity, product.Unit, product.Name);
        var priced = await pricing.PriceLinesAsync(session.CustomerId, null, pricing.Today, [(product.Sku, quantity)], cancellationToken);
        if (priced.Lines[0].Error is { } error)
        {
            throw new PunchoutPageException(StatusCodes.Status422UnprocessableEntity, "Not available", $"{product.Name}: {error.Message}");
        }
        var line = session.Lines.FirstOrDefault(l => l.Sku == product.Sku);
        if (line is null)
        {
            if (session.Lines.Count >= CartLimits.MaxLines)
            {
                throw new PunchoutPageException(StatusCodes.Status422UnprocessableEntity, "The cart is full", $"A punchout cart has at most {CartLimits.MaxLines} lines.");
            }
            line = new PunchoutSessionLine { CustomerId = session.CustomerId, SessionId = session.Id, Position = session.Lines.Select(l => l.Position).DefaultIfEmpty().Max() + 1, Sku = product.Sku };
            session.Lines.Add(line);
            db.PunchoutSessionLines.Add(line);
        }
        if (line.Quantity + quantity > Quantities.Max)
        {
            throw new PunchoutPageException(StatusCodes.Status422UnprocessableEntity, "Quantity too large", $"At most {Quantities.Max} per line.");
        }
        line.Quantity += quantity;
        await SaveAsync(session, cancellationToken);
        return product.Name;
    }

    /// <summary>Sets a line's quantity; zero removes it.</summary>
    public async Task UpdateLineAsync(PunchoutSession session, Guid lineId, string? quantityText, CancellationToken cancellationToken)
    {
        RequireWritable(session);
        var line = session.Lines.FirstOrDefault(l => l.Id == lineId)
            ?? throw new PunchoutPageException(StatusCodes.Status404NotFound, "Unknown line", "This line is not in your cart any more.");
        var quantity = quantityText?.Trim() is "0" or "0.0" or "0,0" ? 0 : ParseQuantity(quantityText);
        if (quantity == 0)
        {
            session.Lines.Remove(line);
            db.PunchoutSessionLines.Remove(line);
        }
        else
        {
            if (line.QuotedUnitPrice is not null && PunchoutQuotes.IsQuoteCart(session) && quantity != line.Quantity)
            {
                RequireNoQuote(session);
            }
            var product = await db.Products.AsNoTracking().Where(p => p.Sku == line.Sku).Select(p => new { p.Name, p.Unit }).FirstOrDefaultAsync(cancellationToken);
            RequireWholeUnits(quantity, product?.Unit, product?.Name ?? line.Sku);
            line.Quantity = quantity;
        }
        await SaveAsync(session, cancellationToken);
    }

    /// <summary>Replaces the cart with an offered quote's lines at its prices (see <see cref="PunchoutQuotes"/>).</summary>
    public async Task<LoadedQuote> LoadQuoteAsync(PunchoutSession session, string? number, CancellationToken cancellationToken)
    {
        var loaded = await quotes.LoadAsync(session, number, cancellationToken);
        await SaveAsync(session, cancellationToken);
        return loaded;
    }

    private static void RequireNoQuote(PunchoutSession session)
    {
        if (PunchoutQuotes.IsQuoteCart(session))
        {
            throw new PunchoutPageException(StatusCodes.Status409Conflict, "This cart is a quote",
                "The cart holds the lines of a quote at the quoted prices and quantities: they cannot be changed, only removed. Remove all lines to shop freely again.");
        }
    }

    /// <summary>A priced view of the cart.</summary>
    public async Task<PricedCart> PriceAsync(PunchoutSession session, CancellationToken cancellationToken)
    {
        var lines = session.Lines.OrderBy(l => l.Position).ToList();
        var skus = lines.Select(l => l.Sku).ToList();
        var products = await db.Products.AsNoTracking().Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, cancellationToken);
        if (await quotes.FindAsync(session, cancellationToken) is { } loaded)
        {
            return PriceFromQuote(lines, products, loaded);
        }
        var priced = await pricing.PriceLinesAsync(session.CustomerId, null, pricing.Today, lines.Select(l => (l.Sku, l.Quantity)).ToList(), cancellationToken);
        var currency = priced.Currency;
        var result = lines.Select((l, i) => new PricedCartLine(l, products[l.Sku], priced.Lines[i].Price, priced.Lines[i].Error,
            priced.Lines[i].Price is { } p ? CurrencyAmounts.LineTotal(CurrencyAmounts.Effective(p.UnitPrice, currency), l.Quantity, currency) : null)).ToList();
        // Line totals in minor units of the price the buyer system gets, and the total their sum (as in the cart transfer).
        return new PricedCart(currency, result, result.Sum(l => l.LineTotal ?? 0), CurrencyAmounts.Round(result.Sum(l => l.Price?.LineSaving ?? 0), currency));
    }

    /// <summary>
    /// A quote cart: every line at the quote version's unit price (price source <c>quote</c>, condition <c>QT-…/v{n}</c>);
    /// once the quote has expired, been withdrawn or superseded, every line says so and the cart cannot be transferred.
    /// </summary>
    private PricedCart PriceFromQuote(List<PunchoutSessionLine> lines, Dictionary<string, Product> products, LoadedQuote loaded)
    {
        var currency = loaded.Version.Currency;
        var invalid = loaded.Invalid(clock.GetUtcNow());
        var offered = loaded.Version.Lines.ToDictionary(l => l.Position);
        var result = lines.Select(l =>
        {
            if (invalid is not null || !offered.TryGetValue(l.Position, out var q) || q.Sku != l.Sku)
            {
                return new PricedCartLine(l, products[l.Sku], null, new PriceError("quote-not-valid", invalid ?? "This line is not on the quote."), null);
            }
            var price = new ResolvedPrice(q.UnitPrice, q.ListPrice, q.Saving, q.LineSaving, q.SavingPercent, q.LineTotal, "quote", loaded.Condition,
                string.Empty, null, DateOnly.FromDateTime(loaded.Version.ValidUntil.UtcDateTime), 1);
            return new PricedCartLine(l, products[l.Sku], price, null, CurrencyAmounts.LineTotal(CurrencyAmounts.Effective(q.UnitPrice, currency), l.Quantity, currency));
        }).ToList();
        return new PricedCart(currency, result, result.Sum(l => l.LineTotal ?? 0), CurrencyAmounts.Round(result.Sum(l => l.Price?.LineSaving ?? 0), currency), loaded);
    }

    /// <summary>
    /// Ends the session and returns the form that carries the cart back, built by the session protocol's
    /// <see cref="ICartTransfer"/>: every line priced at the account's price, the quote recorded per line (its id
    /// is the quote reference, cXML's SupplierPartAuxiliaryID). <paramref name="cancel"/> sends an empty cart,
    /// which after <c>create</c> tells the buyer system the punchout was cancelled.
    /// </summary>
    public async Task<CartTransferForm> TransferAsync(PunchoutSession session, bool cancel, string host, CancellationToken cancellationToken)
    {
        var cart = await PriceAsync(session, cancellationToken);
        if (!cancel && cart.Lines.FirstOrDefault(l => l.Price is null) is { } blocked)
        {
            throw new PunchoutPageException(StatusCodes.Status422UnprocessableEntity, "The cart cannot be returned",
                $"{blocked.Product.Name}: {blocked.Error?.Message} Remove it from the cart first.");
        }
        var lines = new List<TransferLine>();
        // OCI carries the cost center per line (CUST_FIELD1): the one of the buyer's org unit, when it has exactly one.
        var costCenter = cancel || session.Protocol != PunchoutProtocols.Oci ? null : await UserCostCenterAsync(session.UserId, cancellationToken);
        if (!cancel)
        {
            foreach (var line in cart.Lines)
            {
                // The quote is the price the buyer system gets: in minor units (or per a price unit for very cheap items).
                var sent = CurrencyAmounts.Effective(line.Price!.UnitPrice, cart.Currency);
                line.Line.QuotedUnitPrice = sent;
                line.Line.QuotedCurrency = cart.Currency;
                var fromQuote = cart.Quote;
                lines.Add(new TransferLine
                {
                    Sku = line.Product.Sku,
                    // A quote's line carries the quote reference (QT-…/v{n}/{position}); any other line its session line.
                    QuoteId = fromQuote is null ? line.Line.Id.ToString("N") : PunchoutQuoteReference.Format(fromQuote.Quote.Number, fromQuote.Version.Number, line.Line.Position),
                    QuoteNumber = fromQuote?.Quote.Number,
                    QuoteItem = fromQuote is null ? null : line.Line.Position,
                    Quantity = line.Line.Quantity,
                    UnitPrice = sent,
                    Description = line.Product.Name,
                    Unit = line.Product.Unit,
                    Unspsc = line.Product.Unspsc,
                    ManufacturerPartId = line.Product.ManufacturerPartNumber,
                    ManufacturerName = line.Product.Manufacturer,
                    LeadTimeDays = line.Product.LeadTimeDays,
                    ContractNo = line.Price.ContractNo,
                    LongText = line.Product.Description,
                    Gtin = line.Product.Gtin,
                    CostCenter = costCenter,
                    PriceValidTo = line.Price.ValidTo,
                    PriceSource = line.Price.Source,
                });
            }
        }
        if (session.Protocol == PunchoutProtocols.Shop)
        {
            // The SSO shop keeps the cart in Portal: saved with the session's end, in one transaction.
            session.ReturnUrl = cancel ? "/shop" : SaveAsPortalCart(session, cart);
        }
        session.Status = cancel && session.Operation == "create" ? PunchoutSessionStatuses.Cancelled : PunchoutSessionStatuses.Transferred;
        session.TransferredAt = clock.GetUtcNow();
        await SaveAsync(session, cancellationToken);

        // The session's protocol picks its transfer: a PunchOutOrderMessage for cXML, NEW_ITEM-* fields for OCI.
        var buyerSide = new TransferSession(session.Protocol, session.ReturnUrl, session.Operation, session.BuyerCookie, session.FormEncoding,
            session.BuyerDomain, session.BuyerIdentity, session.SupplierDomain, session.SupplierIdentity, session.OciTarget, session.OciCharset,
            session.Protocol == PunchoutProtocols.Oci ? Oci.OciVendor.Of(await db.PunchoutAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.CustomerId == session.CustomerId, cancellationToken), options.Value) : null);
        var transfer = transfers.FirstOrDefault(t => t.Protocol == buyerSide.Protocol)
            ?? throw new InvalidOperationException($"No cart transfer is registered for the protocol '{buyerSide.Protocol}'.");
        return transfer.BuildForm(new TransferCart(buyerSide, cart.Currency, lines, cancel, host, FinalQuote: cart.Quote is not null), clock);
    }

    /// <summary>The code of the only active cost center of the user's org unit, or null.</summary>
    private async Task<string?> UserCostCenterAsync(Guid userId, CancellationToken cancellationToken)
    {
        var codes = await (from user in db.Users
                           join center in db.CostCenters on user.OrgUnitId equals center.OrgUnitId
                           where user.Id == userId && center.Active
                           select center.Code).Take(2).ToListAsync(cancellationToken);
        return codes.Count == 1 ? codes[0] : null;
    }

    /// <summary>
    /// Opens a shop session (<see cref="PunchoutProtocols.Shop"/>) for a person signed in with the account's
    /// identity provider and returns its single-use StartPage token: the same catalog pages as a punchout, at the
    /// account's prices, and the cart is saved as the user's Portal cart. Requesters and administrators shop; a
    /// read-only user or an approver may look (<c>inspect</c>).
    /// </summary>
    public async Task<string> OpenShopAsync(Guid customerId, Guid userId, CancellationToken cancellationToken)
    {
        // The SSO session outlives a deactivation by up to its lifetime: check the user and the account now.
        var active = await db.Users.IgnoreQueryFilters().AnyAsync(u => u.Id == userId && u.CustomerId == customerId && u.Active, cancellationToken)
            && await db.Customers.IgnoreQueryFilters().AnyAsync(c => c.Id == customerId && c.Active, cancellationToken);
        if (!active)
        {
            throw new PunchoutPageException(StatusCodes.Status403Forbidden, "You cannot shop here", "Your user or your account is not active. Ask your administrator.");
        }
        var caller = await buyers.ActAsAsync(customerId, userId, cancellationToken);
        var now = clock.GetUtcNow();
        var token = PunchoutTokens.New();
        var punchout = options.Value.Punchout;
        db.PunchoutSessions.Add(new PunchoutSession
        {
            CustomerId = customerId,
            UserId = userId,
            Protocol = PunchoutProtocols.Shop,
            Operation = caller.Assignments.Any(r => r.Role is Roles.Requester or Roles.Administrator) ? "create" : "inspect",
            BuyerCookie = "shop",
            ReturnUrl = "/shop",
            FormEncoding = "shop",
            SetupPayloadId = $"shop:{Guid.CreateVersion7():N}",
            BuyerDomain = "sso",
            BuyerIdentity = userId.ToString(),
            StartTokenHash = PunchoutTokens.Hash(token),
            StartExpiresAt = now + punchout.StartPageLifetime,
            FormToken = PunchoutTokens.New(),
            ExpiresAt = now + punchout.StartPageLifetime + punchout.SessionLifetime,
            Status = PunchoutSessionStatuses.Pending,
            CreatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    private string SaveAsPortalCart(PunchoutSession session, PricedCart cart)
    {
        if (cart.Quote is not null)
        {
            throw new PunchoutPageException(StatusCodes.Status409Conflict, "Accept the quote instead",
                "A quote is ordered by accepting it in Portal (its prices apply there); it is not saved as a cart.");
        }
        var now = clock.GetUtcNow();
        var saved = new Ordering.Cart
        {
            CustomerId = session.CustomerId,
            UserId = session.UserId,
            Name = "Catalog " + now.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC",
            CreatedAt = now,
            UpdatedAt = now,
        };
        saved.Lines.AddRange(cart.Lines.Select((l, i) => new Ordering.CartLine
        {
            CustomerId = session.CustomerId,
            CartId = saved.Id,
            Position = i + 1,
            Sku = l.Product.Sku,
            Quantity = l.Line.Quantity,
        }));
        db.Carts.Add(saved);
        return $"/shop/carts/{saved.Id}";
    }

    private static void RequireWritable(PunchoutSession session)
    {
        if (session.Operation == "inspect")
        {
            throw new PunchoutPageException(StatusCodes.Status403Forbidden, "This cart is read-only", "Your procurement system opened this cart to look at it, not to change it.");
        }
    }

    /// <summary>A product counted in whole units (pieces, boxes, packs) is not sold in fractions.</summary>
    private static void RequireWholeUnits(decimal quantity, string? unit, string name)
    {
        if (Quantities.Check(quantity, unit) is { } problem)
        {
            throw new PunchoutPageException(StatusCodes.Status400BadRequest, "Check the quantity", $"{name}: {problem}");
        }
    }

    private static decimal ParseQuantity(string? text)
    {
        var normalized = text?.Trim().Replace(',', '.');
        if (!decimal.TryParse(normalized, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var quantity)
            || Quantities.Check(quantity) is not null)
        {
            throw new PunchoutPageException(StatusCodes.Status400BadRequest, "Check the quantity",
                $"'{text}' is not a quantity: enter a number above 0 with at most 3 decimals.");
        }
        return quantity;
    }

    private async Task SaveAsync(PunchoutSession session, CancellationToken cancellationToken)
    {
        session.Version++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new PunchoutPageException(StatusCodes.Status409Conflict, "The cart changed in another window", "Reload the cart and try again.");
        }
    }
}

/// <summary>A cart line with the account's price; <c>LineTotal</c> is quantity × the unit price the buyer system gets, in minor units.</summary>
public sealed record PricedCartLine(PunchoutSessionLine Line, Product Product, ResolvedPrice? Price, PriceError? Error, decimal? LineTotal);

/// <summary>A priced punchout cart.</summary>
/// <param name="Currency">The account's (or the quote's) currency.</param>
/// <param name="Lines">The priced lines.</param>
/// <param name="Total">The sum of the rounded line totals.</param>
/// <param name="Saving">The saving against list prices.</param>
/// <param name="Quote">The quote the cart was loaded from, if it is a quote cart.</param>
public sealed record PricedCart(string Currency, IReadOnlyList<PricedCartLine> Lines, decimal Total, decimal Saving, LoadedQuote? Quote = null);
