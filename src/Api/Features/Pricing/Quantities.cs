using System.Collections.Frozen;

namespace Portal.Api.Features.Pricing;

/// <summary>
/// What a line quantity may be, wherever one enters (price calculations, carts, orders, CSV imports,
/// punchout): greater than 0, at most 3 decimals, at most 1,000,000 per line; and a whole number for a
/// product whose unit is counted (pieces, boxes, packs, pairs: <see cref="CountedUnits"/>), as SAP's unit of
/// measure table keeps no decimals for them. Units of weight, length, volume or time take decimals.
/// </summary>
public static class Quantities
{
    public const decimal Max = 1_000_000m;

    public const int MaxDecimals = 3;

    /// <summary>
    /// The UN/CEFACT Rec. 20 codes (and the ISO codes SAP and cXML buyers use for them) of units that are counted,
    /// never divided: each, piece, one, pair, set, kit, and the packages (box, pack, packet, case, carton, crate,
    /// bag, bottle, can, roll, tube, drum, pail, bucket, bundle, pallet).
    /// </summary>
    public static readonly FrozenSet<string> CountedUnits = FrozenSet.ToFrozenSet(
        ["EA", "PCE", "PC", "PCS", "C62", "H87", "ST", "PR", "NPR", "SET", "KT", "BX", "PK", "PA", "CS", "CT", "CR", "BG", "BO", "CA", "RO", "TU", "DR", "PL", "BJ", "BE", "PF"],
        StringComparer.Ordinal);

    /// <summary>True when <paramref name="unit"/> (as stored: upper case) is counted in whole numbers.</summary>
    public static bool IsCounted(string? unit) => unit is not null && CountedUnits.Contains(unit);

    /// <summary>
    /// Null when <paramref name="quantity"/> is valid for a product sold in <paramref name="unit"/>, else the message
    /// for its field: <see cref="Check(decimal)"/>, and a whole number for a counted unit.
    /// </summary>
    public static string? Check(decimal quantity, string? unit)
    {
        if (Check(quantity) is { } problem)
        {
            return problem;
        }
        return IsCounted(unit) && decimal.Truncate(quantity) != quantity
            ? $"The quantity must be a whole number: the product is sold in whole units ({unit})."
            : null;
    }

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
