namespace Portal.Api.Infrastructure.Auth;

/// <summary>
/// Makes a caller the one of this request: sets the <see cref="CallerContext"/> and opens the tenant scope
/// for its account (or across accounts for a supplier caller). The one way to act as someone — the
/// middleware after the token, punchout for the buyer of a session or a cXML document, provider states for
/// a demo client.
/// </summary>
public sealed class ActAs(CallerContext callers, Tenancy.TenantScope tenant, IServiceProvider services)
{
    /// <summary>Acts as <paramref name="caller"/>; a supplier caller's tenant scope is left to the caller (header or across accounts).</summary>
    public Caller Caller(Caller caller)
    {
        callers.Set(caller);
        if (caller.CustomerId is { } customerId)
        {
            tenant.ForCustomer(customerId);
        }
        return caller;
    }

    /// <summary>Acts as a customer user (or, without one, as the account) through a channel without a token (punchout).</summary>
    public async Task<Caller> UserAsync(string channelClientId, Guid customerId, Guid? userId, CancellationToken cancellationToken)
    {
        tenant.ForCustomer(customerId);
        var caller = await Loader().ForUserAsync(channelClientId, customerId, userId, cancellationToken);
        return Caller(caller);
    }

    /// <summary>Acts as an API client (provider states, jobs that run as a client); null when it is not active.</summary>
    public async Task<Caller?> ClientAsync(string clientId, CancellationToken cancellationToken) =>
        await Loader().ByClientIdAsync(clientId, cancellationToken) is { } caller ? Caller(caller) : null;

    // The loader (and with it the database context) is taken only when needed: a warm API request never creates one.
    private CallerLoader Loader() => services.GetRequiredService<CallerLoader>();
}
