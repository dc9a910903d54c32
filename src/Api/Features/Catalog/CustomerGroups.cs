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

    /// <summary>
    /// Whether an account (its pricing group and its stored further groups) may have a product restricted to
    /// <paramref name="restrictedGroups"/>; without allocating, as it runs on the pricing hot path. A restricted code
    /// is looked up with its surrounding commas (<c>,code,</c>, as both lists are stored).
    /// </summary>
    public static bool Allows(string? restrictedGroups, string customerGroup, string? groups)
    {
        if (string.IsNullOrEmpty(restrictedGroups))
        {
            return true;
        }
        var restricted = restrictedGroups.AsSpan();
        foreach (var range in restricted.Split(','))
        {
            var (start, length) = range.GetOffsetAndLength(restricted.Length);
            if (length == 0)
            {
                continue;
            }
            if (restricted.Slice(start, length).Equals(customerGroup, StringComparison.OrdinalIgnoreCase)
                || (groups is not null && start > 0 && start + length < restricted.Length
                    && groups.AsSpan().IndexOf(restricted.Slice(start - 1, length + 2), StringComparison.Ordinal) >= 0))
            {
                return true;
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
