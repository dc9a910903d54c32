using Portal.Api.Features.Ordering;
using Portal.Api.Features.Pricing;

namespace Portal.Api.Hosting.Testing;

/// <summary>
/// Provider states for contract tests (tests/Contracts): the Pact verifier posts
/// <c>{ "state": "...", "params": {...}, "action": "setup" | "teardown" }</c> before an interaction, and
/// the endpoint sets the data up through the real services, answering the values the pact injects
/// (<c>${orderId}</c>, <c>${customerId}</c>, ...). Mapped only when <c>Portal:Testing:ProviderStates</c> is
/// true — a test-only switch, never set in production; without it the path answers 404.
/// </summary>
public static class ProviderStatesEndpoint
{
    public const string SwitchKey = "Portal:Testing:ProviderStates";
    public const string Path = "/_test/provider-states";

    /// <summary>The demo account (C-10001) and its requester, whom the states act as.</summary>
    private const string CustomerNumber = "C-10001";
    private const string RequesterClientId = "acme-buyer";

    public sealed record StateChange(string? State, JsonElement? Params, string? Action);

    public static IEndpointRouteBuilder MapProviderStates(this IEndpointRouteBuilder endpoints, IConfiguration configuration)
    {
        if (!configuration.GetValue(SwitchKey, false))
        {
            return endpoints;
        }
        endpoints.MapPost(Path, async (StateChange change, IServiceProvider services, CancellationToken cancellationToken) =>
        {
            if (string.Equals(change.Action, "teardown", StringComparison.OrdinalIgnoreCase))
            {
                return Results.Ok(new Dictionary<string, object?>());
            }
            await using var scope = services.CreateAsyncScope();
            var values = await SetUpAsync(scope.ServiceProvider, change.State ?? string.Empty, cancellationToken);
            return values is null
                ? Results.Problem(statusCode: 400, type: "urn:portal:problem:bad-request", title: "Unknown provider state", detail: $"No provider state is called '{change.State}'.")
                : Results.Ok(values);
        }).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<Dictionary<string, object?>?> SetUpAsync(IServiceProvider services, string state, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<PortalDbContext>();
        var customerId = await db.Customers.Where(c => c.Number == CustomerNumber).Select(c => c.Id).SingleAsync(cancellationToken);
        var values = new Dictionary<string, object?> { ["customerId"] = customerId.ToString(), ["customerNumber"] = CustomerNumber, ["sku"] = "FAS-1001" };
        switch (state)
        {
            case "":
            case "customer C-10001 exists":
            case "the catalog has products":
                return values;

            case "customer C-10001 has an order":
            case "the order feed has entries":
            {
                await ActAsAsync(services, RequesterClientId, cancellationToken);
                var order = await services.GetRequiredService<OrderService>().CreateAsync(new CreateOrderRequest
                {
                    Lines = [new CartLineInput { Sku = "FAS-1001", Quantity = 2 }],
                    CustomerReference = "PACT-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(),
                }, cancellationToken);
                values["orderId"] = order.Id.ToString();
                values["orderNumber"] = order.Number;
                values["customerReference"] = order.CustomerReference;
                return values;
            }

            case "a price condition exists":
            {
                const string conditionId = "PACT-CUST-C-10001-FAS-1001";
                var scope = services.GetRequiredService<TenantScope>();
                scope.AcrossAccounts();
                await services.GetRequiredService<PriceConditionService>().UpsertBatchAsync(new PriceConditionBatchRequest(
                [
                    new PriceConditionDto { Id = conditionId, Kind = ConditionKinds.Customer, Sku = "FAS-1001", CustomerId = customerId, Currency = "EUR", Price = 1.23m },
                ]), cancellationToken);
                values["conditionId"] = conditionId;
                return values;
            }

            default:
                return null;
        }
    }

    /// <summary>Runs the following service calls as the demo client would run them in a request.</summary>
    private static async Task ActAsAsync(IServiceProvider services, string clientId, CancellationToken cancellationToken)
    {
        _ = await services.GetRequiredService<ActAs>().ClientAsync(clientId, cancellationToken)
            ?? throw new InvalidOperationException($"The demo client {clientId} is missing: provider states need the demo data set.");
    }
}
