namespace Portal.Api.Features.Catalog;

/// <summary>
/// Customer-group lists as stored on products (<c>restrictedTo.customerGroups</c>) and accounts (their further
/// memberships): <c>,a,b,</c> — sorted, distinct, each code wrapped in commas so that a membership test is one
/// <c>LIKE '%,code,%'</c> in either database.
/// </summary>
public static class CustomerGroups
{
    public const int MaxGroups = 20;
    public const int MaxStoredLength = 700;

    /// <summary>The group that the former account flag <c>regulatedGoodsApproved</c> became (ADR 0016).</summary>
    public const string Regulated = "regulated";

    public static string? Store(IEnumerable<string>? groups)
    {
        var list = groups?.Select(g => g.Trim().ToLowerInvariant()).Where(g => g.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList();
        return list is null || list.Count == 0 ? null : "," + string.Join(',', list) + ",";
    }

    public static IReadOnlyList<string> Parse(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : stored.Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>An account's groups: its pricing group and its further memberships.</summary>
    public static IReadOnlyList<string> OfAccount(string customerGroup, string? groups) =>
        Parse(groups).Append(customerGroup.ToLowerInvariant()).Distinct().ToList();

    /// <summary>Whether an account with <paramref name="accountGroups"/> may have a product restricted to <paramref name="restrictedGroups"/>.</summary>
    public static bool Allows(string? restrictedGroups, IEnumerable<string> accountGroups) =>
        string.IsNullOrEmpty(restrictedGroups) || accountGroups.Any(g => restrictedGroups.Contains("," + g + ",", StringComparison.Ordinal));

    /// <summary>The same test without allocating for an account given by its pricing group and stored further groups (the pricing hot path).</summary>
    public static bool Allows(string? restrictedGroups, string customerGroup, string? groups)
    {
        if (string.IsNullOrEmpty(restrictedGroups))
        {
            return true;
        }
        var own = customerGroup.AsSpan();
        foreach (var range in restrictedGroups.AsSpan().Split(','))
        {
            var code = restrictedGroups.AsSpan()[range];
            if (code.Length == 0)
            {
                continue;
            }
            if (code.Equals(own, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
            if (groups is not null)
            {
                var at = groups.AsSpan().IndexOf(code, StringComparison.Ordinal);
                while (at > 0)
                {
                    if (groups[at - 1] == ',' && at + code.Length < groups.Length && groups[at + code.Length] == ',')
                    {
                        return true;
                    }
                    var next = groups.AsSpan(at + 1).IndexOf(code, StringComparison.Ordinal);
                    at = next < 0 ? -1 : at + 1 + next;
                }
            }
        }
        return false;
    }

    /// <summary>Checks a list of group codes from a request (letters, digits, '-', '_'; at most <see cref="MaxGroups"/>).</summary>
    public static void Validate(ValidationErrors errors, string field, IReadOnlyList<string>? groups)
    {
        if (groups is null)
        {
            return;
        }
        if (groups.Count > MaxGroups)
        {
            errors.Add(field, $"At most {MaxGroups} customer groups.");
            return;
        }
        for (var i = 0; i < groups.Count; i++)
        {
            var g = groups[i]?.Trim() ?? string.Empty;
            if (g.Length is 0 or > 32 || !g.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                errors.Add($"{field}[{i}]", "A customer-group code is 1 to 32 letters, digits, '-' or '_'.");
            }
        }
    }
}
