using Portal.Api.Features.Events;
using Portal.Api.Infrastructure.Csv;

namespace Portal.Api.Features.Pricing;

/// <summary>
/// ERP price-condition sync: batches of up to 10,000 conditions upserted by their ERP key, all or nothing;
/// deletes; queries. Every change bumps exactly the price-cache scopes it can affect, before the request
/// is acknowledged.
/// </summary>
public sealed class PriceConditionService(
    PortalDbContext db, PriceCache cache, ImportGate gate, Infrastructure.Auth.CallerContext callers, IOptions<Infrastructure.PortalOptions> options, TimeProvider clock)
{
    public const int MaxBatchSize = 10_000;

    /// <summary>The columns of the conditions CSV as documented (snake_case; camelCase as in the JSON form is accepted too).</summary>
    public static readonly IReadOnlyList<string> CsvColumns =
        ["id", "kind", "sku", "customer_id", "customer_group", "contract_no", "category", "currency", "price", "discount_percent", "min_quantity", "price_unit", "valid_from", "valid_to"];

    private static readonly HashSet<string> NormalizedCsvColumns = CsvColumns.Select(CsvTable.NormalizeHeader).ToHashSet(StringComparer.Ordinal);

    public async Task<PriceConditionBatchResult> UpsertBatchAsync(PriceConditionBatchRequest request, CancellationToken cancellationToken)
    {
        var items = request.Conditions ?? [];
        var errors = new ValidationErrors();
        if (items.Count == 0)
        {
            errors.Add("conditions", "At least one condition is required.");
        }
        else if (items.Count > MaxBatchSize)
        {
            errors.Add("conditions", $"A batch holds at most {MaxBatchSize} conditions; this one has {items.Count}. Split it.");
        }
        errors.ThrowIfAny();

        var conditions = new List<PriceCondition>(items.Count);
        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var paths = new List<string>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var prefix = $"conditions[{i}].";
            if (items[i] is null)
            {
                errors.Add($"conditions[{i}]", "The condition is empty.");
                continue;
            }
            var condition = ConditionValidator.Validate(items[i], errors, prefix);
            if (condition is null)
            {
                continue;
            }
            if (!firstIndex.TryAdd(condition.Id, i))
            {
                errors.Add(prefix + "id", $"The id '{condition.Id}' occurs already at conditions[{firstIndex[condition.Id]}].");
                continue;
            }
            conditions.Add(condition);
            paths.Add(prefix);
        }
        await CheckCustomersExistAsync(conditions, paths, errors, cancellationToken);
        errors.ThrowIfAny($"The batch was not applied: {errors.Count} field(s) in it are not valid.");
        return await ApplyAsync(conditions, cancellationToken);
    }

    /// <summary>The same batch as CSV (columns as in the JSON form, header names in any case).</summary>
    public async Task<PriceConditionBatchResult> UpsertCsvAsync(CsvBody body, CancellationToken cancellationToken)
    {
        using var ticket = gate.Enter(callers.Required.ClientId);
        var errors = new ValidationErrors();
        var conditions = new List<PriceCondition>();
        var paths = new List<string>();
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        var delimiter = ',';
        IReadOnlyList<string> header = [];
        var count = 0;
        // Rows beyond the batch size are refused below with their own message; the limit here only bounds lines and columns.
        var limits = CsvLimits.From(options.Value.Imports, MaxBatchSize + 1);
        await foreach (var row in CsvTable.ReadAsync(body, limits, d => delimiter = d, h => header = h, cancellationToken))
        {
            if (count == 0)
            {
                var unknown = header.Where(h => !NormalizedCsvColumns.Contains(h)).ToList();
                if (!header.Contains("id") || !header.Contains("kind") || unknown.Count > 0)
                {
                    errors.Add("header", $"The header needs id and kind and may hold: {string.Join(", ", CsvColumns)}." +
                        (unknown.Count > 0 ? $" Unknown: {string.Join(", ", unknown)}." : string.Empty));
                    break;
                }
            }
            if (++count > MaxBatchSize)
            {
                errors.Add("rows", $"A file holds at most {MaxBatchSize} conditions. Split it.");
                break;
            }
            var prefix = $"rows[{row.Line}].";
            var rowErrors = new ValidationErrors();
            var dto = new PriceConditionDto
            {
                Id = row.Get("id"),
                Kind = row.Get("kind"),
                Sku = row.Get("sku"),
                CustomerId = ParseGuid(row, "customerid", rowErrors),
                CustomerGroup = row.Get("customergroup"),
                ContractNo = row.Get("contractno"),
                Category = row.Get("category"),
                Currency = row.Get("currency"),
                Price = ParseDecimal(row, "price", delimiter, rowErrors),
                DiscountPercent = ParseDecimal(row, "discountpercent", delimiter, rowErrors),
                MinQuantity = ParseDecimal(row, "minquantity", delimiter, rowErrors),
                PriceUnit = ParseDecimal(row, "priceunit", delimiter, rowErrors),
                ValidFrom = ParseDate(row, "validfrom", rowErrors),
                ValidTo = ParseDate(row, "validto", rowErrors),
            };
            var condition = rowErrors.IsEmpty ? ConditionValidator.Validate(dto, rowErrors, string.Empty) : null;
            errors.AddAll(prefix, rowErrors);
            if (condition is null)
            {
                continue;
            }
            if (!firstLine.TryAdd(condition.Id, row.Line))
            {
                errors.Add(prefix + "id", $"The id '{condition.Id}' occurs already in line {firstLine[condition.Id]}.");
                continue;
            }
            conditions.Add(condition);
            paths.Add(prefix);
        }
        if (count == 0 && errors.IsEmpty)
        {
            errors.Add("rows", "The file holds no conditions.");
        }
        await CheckCustomersExistAsync(conditions, paths, errors, cancellationToken);
        errors.ThrowIfAny($"The file was not applied: {errors.Count} field(s) in it are not valid (keys: rows[line].column).");
        return await ApplyAsync(conditions, cancellationToken);
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var condition = await db.PriceConditions.FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No price condition has the id '{id}'.");
        db.PriceConditions.Remove(condition);
        db.AddEvent(EventTypes.PriceConditionsChanged, null, clock.GetUtcNow(), ConditionsChanged(0, 0, 1, [condition]));
        await db.SaveChangesAsync(cancellationToken);
        await cache.Versions.BumpAsync(PriceCache.ScopesAffectedBy(condition).ToList(), cancellationToken);
    }

    public async Task<PriceConditionDto> GetAsync(string id, CancellationToken cancellationToken) =>
        ConditionValidator.ToDto(await db.PriceConditions.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No price condition has the id '{id}'."));

    public async Task<Page<PriceConditionDto>> ListAsync(string? sku, Guid? customerId, string? kind, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var query = db.PriceConditions.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(sku))
        {
            query = query.Where(c => c.Sku == sku);
        }
        if (customerId is { } customer)
        {
            query = query.Where(c => c.CustomerId == customer);
        }
        if (!string.IsNullOrWhiteSpace(kind))
        {
            var k = kind.Trim().ToLowerInvariant();
            query = query.Where(c => c.Kind == k);
        }
        var page = await query.ToPageAsync(c => c.Id, limit, cursor, cancellationToken);
        return page.Map(ConditionValidator.ToDto);
    }

    private async Task CheckCustomersExistAsync(List<PriceCondition> conditions, List<string> paths, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var ids = conditions.Where(c => c.CustomerId is not null).Select(c => c.CustomerId!.Value).Distinct().ToList();
        if (ids.Count == 0)
        {
            return;
        }
        var known = new HashSet<Guid>();
        foreach (var chunk in ids.Chunk(1000))
        {
            known.UnionWith(await db.Customers.Where(c => chunk.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken));
        }
        for (var i = 0; i < conditions.Count; i++)
        {
            if (conditions[i].CustomerId is { } id && !known.Contains(id))
            {
                errors.Add(paths[i] + "customerId", $"No customer account has the id '{id}'.");
            }
        }
    }

    private async Task<PriceConditionBatchResult> ApplyAsync(List<PriceCondition> conditions, CancellationToken cancellationToken)
    {
        var affected = new HashSet<string>(StringComparer.Ordinal);
        int created = 0, updated = 0, unchanged = 0;
        var changed = new List<PriceCondition>();
        var now = clock.GetUtcNow();
        await using (var transaction = await db.BeginOrJoinAsync(cancellationToken))
        {
            var existing = new Dictionary<string, PriceCondition>(StringComparer.Ordinal);
            foreach (var chunk in conditions.Select(c => c.Id).Chunk(2000))
            {
                foreach (var condition in await db.PriceConditions.Where(c => chunk.Contains(c.Id)).ToListAsync(cancellationToken))
                {
                    existing[condition.Id] = condition;
                }
            }
            foreach (var condition in conditions)
            {
                if (existing.TryGetValue(condition.Id, out var current))
                {
                    if (ConditionValidator.SameValues(current, condition))
                    {
                        unchanged++;
                        continue;
                    }
                    affected.UnionWith(PriceCache.ScopesAffectedBy(current));
                    changed.Add(condition);
                    db.Entry(current).CurrentValues.SetValues(condition);
                    current.UpdatedAt = now;
                    updated++;
                }
                else
                {
                    condition.UpdatedAt = now;
                    db.PriceConditions.Add(condition);
                    changed.Add(condition);
                    created++;
                }
                affected.UnionWith(PriceCache.ScopesAffectedBy(condition));
            }
            if (changed.Count > 0)
            {
                db.AddEvent(EventTypes.PriceConditionsChanged, null, now, ConditionsChanged(created, updated, 0, changed));
            }
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                throw new ConflictException("Another request wrote some of these conditions at the same time; nothing was applied. Send the batch again.");
            }
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }
        db.ChangeTracker.Clear();
        // After the commit and before the answer: once acknowledged, no instance serves the old prices.
        await cache.Versions.BumpAsync(affected, cancellationToken);
        return new PriceConditionBatchResult(created, updated, unchanged);
    }

    private static Guid? ParseGuid(CsvRow row, string column, ValidationErrors errors)
    {
        var text = row.Get(column);
        if (text is null)
        {
            return null;
        }
        if (Guid.TryParse(text, out var id))
        {
            return id;
        }
        errors.Add(ColumnName(column), $"'{text}' is not an id.");
        return null;
    }

    private static decimal? ParseDecimal(CsvRow row, string column, char delimiter, ValidationErrors errors)
    {
        var text = row.Get(column);
        if (text is null)
        {
            return null;
        }
        if (CsvTable.TryParseDecimal(text, delimiter, out var value))
        {
            return value;
        }
        errors.Add(ColumnName(column), CsvTable.NumberProblem(text, delimiter, "a number"));
        return null;
    }

    private static DateOnly? ParseDate(CsvRow row, string column, ValidationErrors errors)
    {
        var text = row.Get(column);
        if (text is null)
        {
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        errors.Add(ColumnName(column), $"'{text}' is not a date (yyyy-MM-dd).");
        return null;
    }

    /// <summary>The JSON field name of a (lower-cased) CSV column, so CSV and JSON errors name fields alike.</summary>
    private static string ColumnName(string column) => column switch
    {
        "customerid" => "customerId",
        "customergroup" => "customerGroup",
        "contractno" => "contractNo",
        "discountpercent" => "discountPercent",
        "minquantity" => "minQuantity",
        "priceunit" => "priceUnit",
        "validfrom" => "validFrom",
        "validto" => "validTo",
        _ => column,
    };
    /// <summary>The <c>price.conditions_changed</c> event of a change: ids, skus and accounts, at most 1,000 of each.</summary>
    private static PriceConditionsChangedData ConditionsChanged(int created, int updated, int deleted, IReadOnlyCollection<PriceCondition> changed)
    {
        const int max = 1000;
        var ids = changed.Select(c => c.Id).Distinct(StringComparer.Ordinal).ToList();
        var skus = changed.Select(c => c.Sku).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var customers = changed.Select(c => c.CustomerId).OfType<Guid>().Distinct().ToList();
        return new PriceConditionsChangedData(created, updated, deleted, ids.Take(max).ToList(), skus.Take(max).ToList(), customers.Take(max).ToList(),
            ids.Count > max || skus.Count > max || customers.Count > max);
    }
}
