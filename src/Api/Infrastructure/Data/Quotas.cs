namespace Portal.Api.Infrastructure.Data;

/// <summary>
/// How many objects of a kind one user or one account may keep. Every request has a size limit; these keep the
/// number of requests that each add an object from growing an account without bound (docs/security.md#limits).
/// The count is read before the insert, so two creations at the same moment may pass one over the cap.
/// </summary>
public static class Quotas
{
    public const int CartsPerUser = 100;
    public const int FavoriteListsPerUser = 100;
    public const int TemplatesPerUser = 200;
    public const int AddressesPerAccount = 1_000;
    public const int ApiClientsPerAccount = 100;
    public const int UsersPerAccount = 10_000;
    public const int OrgUnitsPerAccount = 10_000;
    public const int CostCentersPerAccount = 10_000;

    /// <summary>422 (<c>business-rule</c>) when <paramref name="existing"/> holds <paramref name="max"/> objects or more.</summary>
    /// <param name="existing">The objects the user or account keeps now.</param>
    /// <param name="max">The most it may keep.</param>
    /// <param name="owner">Who keeps them: "A user", "An account".</param>
    /// <param name="what">The objects, plural: "carts".</param>
    /// <param name="cancellationToken">The request's.</param>
    public static async Task EnsureRoomAsync<T>(IQueryable<T> existing, int max, string owner, string what, CancellationToken cancellationToken)
    {
        if (await existing.CountAsync(cancellationToken) >= max)
        {
            throw new BusinessRuleException($"{owner} has at most {max} {what}; delete one first.");
        }
    }
}
