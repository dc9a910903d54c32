namespace Portal.Api.Features.Pricing;

/// <summary>The rules of a <see cref="PriceCalculationRequest"/> (the price endpoint's 400 answers).</summary>
public static class PriceCalculationRequestValidator
{
    /// <summary>The most lines one request may price.</summary>
    public const int MaxLines = 500;

    /// <summary>
    /// Checks the request and throws <see cref="RequestValidationException"/> with every field error found
    /// (lines 1 to <see cref="MaxLines"/>, each with a sku and a quantity; an ISO 4217 currency). Returns the
    /// currency, trimmed and upper-cased, or null for the account's.
    /// </summary>
    public static string? Validate(PriceCalculationRequest request)
    {
        var errors = new ValidationErrors();
        var lines = request.Lines ?? [];
        if (lines.Count == 0)
        {
            errors.Add("lines", "At least one line is required.");
        }
        else if (lines.Count > MaxLines)
        {
            errors.Add("lines", $"At most {MaxLines} lines can be priced at once; this request has {lines.Count}.");
        }
        string? currency = null;
        if (request.Currency is not null)
        {
            currency = Portal.Punchout.Money.CurrencyCodes.Normalize(request.Currency);
            if (currency is null)
            {
                errors.Add("currency", Accounts.AccountValidation.CurrencyMessage);
            }
        }
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i] is null || string.IsNullOrWhiteSpace(lines[i].Sku))
            {
                errors.Add($"lines[{i}].sku", "The sku is required.");
            }
            if (lines[i]?.Quantity is null)
            {
                errors.Add($"lines[{i}].quantity", "The quantity is required.");
            }
        }
        errors.ThrowIfAny();
        return currency;
    }
}
