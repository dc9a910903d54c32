namespace Portal.Api.Infrastructure.Tenancy;

/// <summary>Marks an entity that belongs to one customer account; EF filters it by <see cref="TenantScope"/>.</summary>
public interface ICustomerScoped
{
    Guid CustomerId { get; }
}

/// <summary>
/// The customer account the current request acts for. Customer-scoped entities are filtered by it in
/// every query (EF global query filters), so code that forgets a check still cannot read another
/// account's rows. It starts closed (no account: nothing is visible); the caller middleware opens it for
/// the caller's own account, or, for supplier-side callers, for the account named by the
/// <c>Portal-Customer</c> header.
/// </summary>
public sealed class TenantScope
{
    public const string HeaderName = "Portal-Customer";

    /// <summary>The account whose rows are visible, or null.</summary>
    public Guid? CustomerId { get; private set; }

    /// <summary>True only for supplier-side work across accounts (and start-up code).</summary>
    public bool Unrestricted { get; private set; }

    public void ForCustomer(Guid customerId)
    {
        CustomerId = customerId;
        Unrestricted = false;
    }

    public void AcrossAccounts()
    {
        CustomerId = null;
        Unrestricted = true;
    }

    /// <summary>The selected account, or a 400 problem telling a supplier-side caller to select one.</summary>
    public Guid RequireCustomer() =>
        CustomerId ?? throw new BadRequestException($"This resource belongs to a customer account: select it with the {HeaderName} header.");
}
