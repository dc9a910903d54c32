namespace Portal.Api.Features.Pricing;

/// <summary>
/// What a line quantity may be, wherever one enters (price calculations, carts, orders, CSV imports,
/// punchout): greater than 0, at most 3 decimals, at most 1,000,000 per line.
/// </summary>
public static class Quantities
{
    public const decimal Max = 1_000_000m;

    public const int MaxDecimals = 3;

    /// <summary>Null when <paramref name="quantity"/> is valid, else the message for its field.</summary>
    public static string? Check(decimal quantity)
    {
        if (quantity <= 0)
        {
            return "The quantity must be greater than 0.";
        }
        if (quantity > Max)
        {
            return "The quantity is at most " + Max.ToString("N0", CultureInfo.InvariantCulture) + " per line.";
        }
        if (decimal.Round(quantity, MaxDecimals) != quantity)
        {
            return $"The quantity has at most {MaxDecimals} decimals.";
        }
        return null;
    }
}
