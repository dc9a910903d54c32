namespace Portal.Api.Features.Pricing;

/// <summary>What the resolver needs to know of the customer account; <c>Groups</c> are its further customer groups (<c>,a,b,</c>).</summary>
public sealed record PricingCustomer(Guid Id, string CustomerGroup, string Currency, string Strategy, string? Groups, bool RealtimePricing = false, string? Number = null);

/// <summary>What the resolver needs to know of a product; <c>RestrictedGroups</c> (<c>,a,b,</c>) may buy it, null: every account.</summary>
public sealed record PricingProduct(string Sku, string Category, bool Regulated, string? RestrictedGroups = null, string? Unit = null);

/// <summary>Stable codes of lines that cannot be priced.</summary>
public static class PriceErrorCodes
{
    public const string UnknownSku = "unknown-sku";
    public const string NoListPrice = "no-list-price";
    public const string Restricted = "restricted";
    public const string InvalidQuantity = "invalid-quantity";
}

/// <summary>The outcome for one line: a price, or an error code with a message.</summary>
public sealed record ResolvedPrice(
    decimal UnitPrice,
    decimal ListPrice,
    decimal Saving,
    decimal LineSaving,
    decimal SavingPercent,
    decimal LineTotal,
    string Source,
    string ConditionId,
    string ListConditionId,
    string? ContractNo,
    DateOnly? ValidTo,
    decimal PriceUnit);

/// <summary>A line that cannot be priced.</summary>
public sealed record PriceError(string Code, string Message);

/// <summary>
/// Resolves the price of one product for one customer, quantity, currency and date from the conditions
/// that could apply. Pure: no I/O, so every rule is unit-tested directly.
/// <list type="bullet">
/// <item>Applicable: same currency, the date within [validFrom, validTo] (both inclusive), the quantity at or
/// above minQuantity, and — for tiers and group discounts — the customer's group.</item>
/// <item>Strategy <c>priority</c>: the first kind with an applicable condition wins, in the order customer,
/// contract, tier, group, list; within a kind the most specific, then the lowest price.</item>
/// <item>Strategy <c>lowestPrice</c>: the cheapest applicable condition of any kind.</item>
/// <item>A list price in the currency is required: every line shows it and the saving against it.</item>
/// </list>
/// </summary>
public static class PriceResolver
{
    public static (ResolvedPrice? Price, PriceError? Error) Resolve(
        PricingCustomer customer,
        PricingProduct? product,
        IReadOnlyList<PriceCondition> conditions,
        decimal quantity,
        string currency,
        DateOnly date)
    {
        if (product is null)
        {
            return (null, new PriceError(PriceErrorCodes.UnknownSku, "No product has this sku."));
        }
        if (Quantities.Check(quantity, product.Unit) is { } quantityError)
        {
            return (null, new PriceError(PriceErrorCodes.InvalidQuantity, quantityError));
        }
        if (product.RestrictedGroups is { } restricted && !Catalog.CustomerGroups.Allows(restricted, customer.CustomerGroup, customer.Groups))
        {
            return (null, new PriceError(PriceErrorCodes.Restricted, "This product is restricted to customer groups the account does not belong to."));
        }

        Candidate? list = null;
        Candidate? best = null;
        foreach (var condition in conditions)
        {
            if (condition.Kind == ConditionKinds.List && Applies(condition, customer, product, quantity, currency, date))
            {
                var candidate = new Candidate(condition, condition.Price!.Value / condition.PriceUnit, 0, 0);
                if (list is null || IsBetter(candidate, list))
                {
                    list = candidate;
                }
            }
        }
        if (list is null)
        {
            return (null, new PriceError(PriceErrorCodes.NoListPrice, $"The product has no list price in {currency} on {date:yyyy-MM-dd}."));
        }

        foreach (var condition in conditions)
        {
            if (!Applies(condition, customer, product, quantity, currency, date))
            {
                continue;
            }
            var unit = condition.Kind == ConditionKinds.Group
                ? list.Unit * (1 - condition.DiscountPercent!.Value / 100m)
                : condition.Price!.Value / condition.PriceUnit;
            var candidate = new Candidate(condition, unit, ConditionKinds.Priority(condition.Kind), Specificity(condition));
            if (best is null
                || (customer.Strategy == Accounts.PricingStrategies.LowestPrice
                    ? candidate.Unit < best.Unit || (candidate.Unit == best.Unit && IsBetter(candidate, best))
                    : IsBetter(candidate, best)))
            {
                best = candidate;
            }
        }

        var winner = best!;
        if (winner.Unit > 0 && Round(winner.Unit * quantity, 2) == 0)
        {
            // A priced product never becomes free by rounding (1e-9 pieces, or 0.001 of a 1-cent item).
            return (null, new PriceError(PriceErrorCodes.InvalidQuantity, "The quantity is too small: the line total would round to 0."));
        }
        var priceUnit = winner.Condition.Kind == ConditionKinds.Group ? list.Condition.PriceUnit : winner.Condition.PriceUnit;
        return (new ResolvedPrice(
            UnitPrice: Round(winner.Unit, 4),
            ListPrice: Round(list.Unit, 4),
            Saving: Round(list.Unit - winner.Unit, 4),
            LineSaving: Round((list.Unit - winner.Unit) * quantity, 2),
            SavingPercent: list.Unit == 0 ? 0 : Round((list.Unit - winner.Unit) / list.Unit * 100m, 2),
            LineTotal: Round(winner.Unit * quantity, 2),
            Source: winner.Condition.Kind,
            ConditionId: winner.Condition.Id,
            ListConditionId: list.Condition.Id,
            ContractNo: winner.Condition.ContractNo,
            ValidTo: winner.Condition.ValidTo,
            PriceUnit: priceUnit), null);
    }

    /// <summary>Whether <paramref name="condition"/> applies to this product, customer, quantity, currency and date.</summary>
    public static bool Applies(PriceCondition condition, PricingCustomer customer, PricingProduct product, decimal quantity, string currency, DateOnly date)
    {
        if (condition.Currency != currency || !condition.AppliesOn(date) || quantity < condition.MinQuantity)
        {
            return false;
        }
        return condition.Kind switch
        {
            ConditionKinds.Customer or ConditionKinds.Contract => condition.CustomerId == customer.Id && condition.Sku == product.Sku,
            ConditionKinds.Tier => condition.Sku == product.Sku && (condition.CustomerGroup is null || condition.CustomerGroup == customer.CustomerGroup),
            ConditionKinds.Group => condition.CustomerGroup == customer.CustomerGroup && (condition.Category is null || condition.Category == product.Category),
            ConditionKinds.List => condition.Sku == product.Sku,
            _ => false,
        };
    }

    private sealed record Candidate(PriceCondition Condition, decimal Unit, int Priority, decimal Specificity);

    /// <summary>Higher is more specific: a group's own tier over the general one, a higher quantity break over a lower, a category discount over an all-products one.</summary>
    private static decimal Specificity(PriceCondition condition) => condition.Kind switch
    {
        ConditionKinds.Tier => (condition.CustomerGroup is null ? 0 : 1_000_000_000_000m) + condition.MinQuantity,
        ConditionKinds.Group => condition.Category is null ? 0 : 1,
        _ => condition.MinQuantity,
    };

    /// <summary>Priority order of kinds, then specificity, then the lower price, then the condition id (deterministic).</summary>
    private static bool IsBetter(Candidate candidate, Candidate current)
    {
        if (candidate.Priority != current.Priority)
        {
            return candidate.Priority < current.Priority;
        }
        if (candidate.Specificity != current.Specificity)
        {
            return candidate.Specificity > current.Specificity;
        }
        if (candidate.Unit != current.Unit)
        {
            return candidate.Unit < current.Unit;
        }
        return string.CompareOrdinal(candidate.Condition.Id, current.Condition.Id) < 0;
    }

    private static decimal Round(decimal value, int decimals) => Math.Round(value, decimals, MidpointRounding.AwayFromZero);
}
