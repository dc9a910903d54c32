using System.Linq.Expressions;

namespace Portal.Api.Features.Catalog;

/// <summary>
/// Catalog reads and the supplier's catalog maintenance. A customer-side reader (and punchout, for the
/// session's account) sees only the products not restricted to customer groups it is outside of.
/// </summary>
public sealed class CatalogService(PortalDbContext db, Pricing.PriceCache prices, TimeProvider clock, CallerContext? callers = null, TenantScope? tenant = null)
{
    public const int MaxBatchSize = 5000;
    private const int MaxSearchTerms = 8;

    public async Task<Page<ProductDto>> ListAsync(string? q, string? category, int? limit, string? cursor, CancellationToken cancellationToken, Guid? forCustomer = null)
    {
        var query = await VisibleAsync(forCustomer, cancellationToken);
        if (!string.IsNullOrWhiteSpace(category))
        {
            var wanted = category.Trim().ToLowerInvariant();
            query = query.Where(p => p.Category == wanted);
        }
        foreach (var term in SearchTerms(q))
        {
            var pattern = LikePattern.Contains(term);
            query = query.Where(p => EF.Functions.Like(p.SearchText, pattern, LikePattern.Escape));
        }
        var page = await query.ToPageAsync(p => p.Sku, limit, cursor, cancellationToken);
        return page.Map(ProductDto.From);
    }

    public async Task<(ProductDto Product, string ETag)> GetAsync(string sku, CancellationToken cancellationToken, Guid? forCustomer = null)
    {
        var product = await (await VisibleAsync(forCustomer, cancellationToken)).FirstOrDefaultAsync(p => p.Sku == sku, cancellationToken)
            ?? throw new NotFoundException($"No product has the sku '{sku}'.");
        return (ProductDto.From(product), ETagOf(product));
    }

    public async Task<ProductDto> GetByGtinAsync(string code, CancellationToken cancellationToken)
    {
        var result = Gtin.TryNormalize(Gtin.FromScan(code), allowStrippedZeros: true, out var gtin);
        if (result != Gtin.ParseError.None)
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["code"] = [Gtin.Describe(result)] }, "The code is not a valid GTIN.");
        }
        var product = await (await VisibleAsync(null, cancellationToken)).FirstOrDefaultAsync(p => p.Gtin == gtin, cancellationToken)
            ?? throw new NotFoundException($"No product has the GTIN {gtin}.");
        return ProductDto.From(product);
    }

    public async Task<IReadOnlyList<CategoryDto>> ListCategoriesAsync(CancellationToken cancellationToken) =>
        await (await VisibleAsync(null, cancellationToken))
            .GroupBy(p => p.Category)
            .OrderBy(g => g.Key)
            .Select(g => new CategoryDto(g.Key, g.Count()))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// Creates or replaces the product <paramref name="sku"/>. <paramref name="ifMatch"/> (an ETag) makes it
    /// a conditional replace; <c>*</c> in <paramref name="ifNoneMatch"/> makes it create-only.
    /// </summary>
    public async Task<(ProductDto Product, string ETag, bool Created)> PutAsync(
        string sku, ProductInput input, string? ifMatch, string? ifNoneMatch, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (!ProductValidator.IsValidSku(sku))
        {
            errors.Add("sku", "The sku is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
        var normalized = ProductValidator.Validate(input, errors);
        errors.ThrowIfAny();

        var product = await db.Products.FirstOrDefaultAsync(p => p.Sku == sku, cancellationToken);
        if (ifNoneMatch?.Trim() == "*" && product is not null)
        {
            throw new PreconditionFailedException($"The product '{sku}' exists already (If-None-Match: *).");
        }
        if (!string.IsNullOrWhiteSpace(ifMatch) && ifMatch.Trim() != "*" && (product is null || !ETagMatches(ifMatch, product)))
        {
            throw new PreconditionFailedException($"The product '{sku}' has changed since it was read (If-Match). Read it again and retry.");
        }

        if (normalized!.Gtin is { } gtin)
        {
            var holder = await db.Products.AsNoTracking()
                .Where(p => p.Gtin == gtin && p.Sku != sku)
                .Select(p => p.Sku)
                .FirstOrDefaultAsync(cancellationToken);
            if (holder is not null)
            {
                throw new ConflictException($"The GTIN {gtin} belongs to the product '{holder}'.");
            }
        }

        var now = clock.GetUtcNow();
        var created = product is null;
        if (product is null)
        {
            product = new Product { Sku = sku, Name = normalized.Name, Category = normalized.Category, Unit = normalized.Unit, CreatedAt = now };
            normalized.ApplyTo(product);
            product.RefreshSearchText();
            product.UpdatedAt = now;
            db.Products.Add(product);
        }
        else if (normalized.ApplyTo(product))
        {
            product.Version++;
            product.UpdatedAt = now;
        }

        await SaveAsync(cancellationToken);
        await prices.InvalidateSkusAsync([sku], cancellationToken);
        return (ProductDto.From(product), ETagOf(product), created);
    }

    /// <summary>
    /// Upserts up to <see cref="MaxBatchSize"/> products in one transaction. Every row is validated first
    /// (fields, duplicate skus and GTINs in the batch, GTINs held by other products); if any row fails,
    /// nothing is applied and every error is reported under <c>products[index].field</c>.
    /// </summary>
    public async Task<ProductBatchResult> UpsertBatchAsync(ProductBatchRequest request, CancellationToken cancellationToken)
    {
        var items = request.Products;
        var errors = new ValidationErrors();
        if (items is null || items.Count == 0)
        {
            errors.Add("products", "At least one product is required.");
            errors.ThrowIfAny();
        }
        if (items!.Count > MaxBatchSize)
        {
            errors.Add("products", $"A batch holds at most {MaxBatchSize} products; this one has {items.Count}. Split it.");
            errors.ThrowIfAny();
        }

        var rows = new (string Sku, NormalizedProduct Fields)[items.Count];
        var firstIndexOfSku = new Dictionary<string, int>(StringComparer.Ordinal);
        var firstIndexOfGtin = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var prefix = $"products[{i}].";
            var item = items[i];
            if (item is null)
            {
                errors.Add($"products[{i}]", "The product is empty.");
                continue;
            }
            var skuValid = ProductValidator.IsValidSku(item.Sku);
            if (!skuValid)
            {
                errors.Add(prefix + "sku", "The sku is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
            }
            else if (!firstIndexOfSku.TryAdd(item.Sku!, i))
            {
                errors.Add(prefix + "sku", $"The sku '{item.Sku}' occurs already at products[{firstIndexOfSku[item.Sku!]}].");
            }
            var fields = ProductValidator.Validate(item, errors, prefix);
            if (fields?.Gtin is { } gtin && !firstIndexOfGtin.TryAdd(gtin, i))
            {
                errors.Add(prefix + "gtin", $"The GTIN {gtin} occurs already at products[{firstIndexOfGtin[gtin]}].");
            }
            if (skuValid && fields is not null)
            {
                rows[i] = (item.Sku!, fields);
            }
        }

        // GTINs of this batch that products outside it hold already.
        if (firstIndexOfGtin.Count > 0)
        {
            var gtins = firstIndexOfGtin.Keys.ToList();
            var skus = firstIndexOfSku.Keys.ToList();
            var holders = new List<(string? Gtin, string Sku)>();
            foreach (var chunk in gtins.Chunk(1000))
            {
                var found = await db.Products.AsNoTracking()
                    .Where(p => p.Gtin != null && chunk.Contains(p.Gtin))
                    .Select(p => new { p.Gtin, p.Sku })
                    .ToListAsync(cancellationToken);
                holders.AddRange(found.Select(f => (f.Gtin, f.Sku)));
            }
            var inBatch = skus.ToHashSet(StringComparer.Ordinal);
            foreach (var (gtin, holderSku) in holders)
            {
                if (!inBatch.Contains(holderSku))
                {
                    errors.Add($"products[{firstIndexOfGtin[gtin!]}].gtin", $"The GTIN {gtin} belongs to the product '{holderSku}'.");
                }
            }
        }
        errors.ThrowIfAny($"The batch was not applied: {errors.Count} field(s) in it are not valid.");

        await using var transaction = await db.BeginOrJoinAsync(cancellationToken);
        var existing = new Dictionary<string, Product>(StringComparer.Ordinal);
        foreach (var chunk in rows.Select(r => r.Sku).Chunk(1000))
        {
            foreach (var product in await db.Products.Where(p => chunk.Contains(p.Sku)).ToListAsync(cancellationToken))
            {
                existing[product.Sku] = product;
            }
        }

        var now = clock.GetUtcNow();
        int created = 0, updated = 0, unchanged = 0;
        foreach (var (sku, fields) in rows)
        {
            if (existing.TryGetValue(sku, out var product))
            {
                if (fields.ApplyTo(product))
                {
                    product.Version++;
                    product.UpdatedAt = now;
                    updated++;
                }
                else
                {
                    unchanged++;
                }
            }
            else
            {
                product = new Product { Sku = sku, Name = fields.Name, Category = fields.Category, Unit = fields.Unit, CreatedAt = now, UpdatedAt = now };
                fields.ApplyTo(product);
                product.RefreshSearchText();
                db.Products.Add(product);
                created++;
            }
        }
        await SaveAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        // A product's category and regulation decide which conditions apply: drop its cached prices.
        await prices.InvalidateSkusAsync(rows.Select(r => r.Sku), cancellationToken);
        return new ProductBatchResult(created, updated, unchanged);
    }

    /// <summary>
    /// The products the reader may see: all for the supplier side; for an account (<paramref name="forCustomer"/>,
    /// else the customer-side caller's, else the tenant's) those unrestricted or restricted to one of its groups.
    /// </summary>
    internal async Task<IQueryable<Product>> VisibleAsync(Guid? forCustomer, CancellationToken cancellationToken)
    {
        var query = db.Products.AsNoTracking();
        var customerId = forCustomer ?? (callers?.Current is { } caller ? (caller.IsSupplier ? null : caller.CustomerId) : tenant?.CustomerId);
        if (customerId is null)
        {
            return query;
        }
        var account = await db.Customers.AsNoTracking().Where(c => c.Id == customerId).Select(c => new { c.CustomerGroup, c.Groups }).FirstOrDefaultAsync(cancellationToken);
        var tokens = account is null ? [] : CustomerGroups.OfAccount(account.CustomerGroup, account.Groups).Select(g => "," + g + ",").ToList();
        // p => p.RestrictedGroups == null || p.RestrictedGroups.Contains(",a,") || ... (a LIKE per group in either database)
        var p = Expression.Parameter(typeof(Product), "p");
        var groups = Expression.Property(p, nameof(Product.RestrictedGroups));
        Expression body = Expression.Equal(groups, Expression.Constant(null, typeof(string)));
        var contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
        foreach (var token in tokens)
        {
            body = Expression.OrElse(body, Expression.Call(groups, contains, Expression.Constant(token)));
        }
        return query.Where(Expression.Lambda<Func<Product, bool>>(body, p));
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new PreconditionFailedException("The product was changed by another request at the same time. Read it again and retry.");
        }
        catch (DbUpdateException ex) when (UniqueViolations.Is(ex))
        {
            throw new ConflictException("Another request created a product with the same sku or GTIN at the same time. Retry.");
        }
    }

    internal static string ETagOf(Product product) => $"\"{product.Version}\"";

    private static bool ETagMatches(string header, Product product) =>
        header.Split(',').Select(t => t.Trim()).Any(t => t == ETagOf(product) || t == "W/" + ETagOf(product));

    internal static IEnumerable<string> SearchTerms(string? q) =>
        string.IsNullOrWhiteSpace(q)
            ? []
            : q.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Distinct().Take(MaxSearchTerms);
}
