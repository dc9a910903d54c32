using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.TestInfrastructure;

namespace Portal.Client.Tests;

/// <summary>
/// The SDK 2.0 surface against the real API in-process: per-call options, raw responses with ETags,
/// If-Match, interfaces in DI, named clients, options validated at start-up, and idiomatic names.
/// </summary>
public sealed class SdkSurfaceTests(PortalApiFactory api) : IClassFixture<PortalApiFactory>, IDisposable
{
    private readonly List<IDisposable> _disposables = [];

    private PortalClient NewAdmin()
    {
        var http = api.CreateClient();
        var client = new PortalClient(new PortalClientOptions
        {
            BaseUri = http.BaseAddress,
            ClientId = PortalApiFactory.AdminClientId,
            ClientSecret = PortalApiFactory.AdminClientSecret,
            HttpClient = http,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        });
        _disposables.Add(http);
        _disposables.Add(client);
        return client;
    }

    public void Dispose() => _disposables.ForEach(d => d.Dispose());

    [Fact]
    public void No_public_method_has_a_parameter_name_with_an_underscore()
    {
        var offenders = typeof(PortalClient).Assembly.GetExportedTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly).Cast<MethodBase>()
                .Concat(t.GetConstructors()))
            .SelectMany(m => m.GetParameters().Select(p => (Method: $"{m.DeclaringType!.Name}.{m.Name}", p.Name)))
            .Where(p => p.Name!.Contains('_', StringComparison.Ordinal))
            .Select(p => $"{p.Method}({p.Name})")
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void Generated_clients_expose_no_BaseUrl_or_ReadResponseAsString_and_required_bodies_come_first()
    {
        var publicProperties = typeof(PortalClient).Assembly.GetExportedTypes().SelectMany(t => t.GetProperties()).Select(p => p.Name).ToHashSet();
        Assert.DoesNotContain("BaseUrl", publicProperties);
        Assert.DoesNotContain("ReadResponseAsString", publicProperties);

        var create = typeof(IOrdersClient).GetMethod(nameof(IOrdersClient.CreateAsync))!.GetParameters();
        Assert.Equal("body", create[0].Name);
        Assert.False(create[0].IsOptional);
        Assert.Equal(typeof(decimal), typeof(CartLineInput).GetProperty(nameof(CartLineInput.Quantity))!.PropertyType);
        Assert.Equal(typeof(decimal), typeof(OrderDto).GetProperty(nameof(OrderDto.Total))!.PropertyType);
        Assert.Equal(typeof(decimal?), typeof(PriceCalculationLine).GetProperty(nameof(PriceCalculationLine.UnitPrice))!.PropertyType);
        Assert.NotNull(typeof(PortalApiException).GetProperty(nameof(PortalApiException.RetryAfter)));
    }

    [Fact]
    public async Task Per_call_options_price_for_another_account()
    {
        var portal = NewAdmin();
        var acme = await portal.Customers.ListAllAsync(q: "C-10001").SingleAsync();
        var bluebird = await portal.Customers.ListAllAsync(q: "C-10003").SingleAsync();
        var request = new PriceCalculationRequest { Lines = [new PriceCalculationLineRequest { Sku = "FAS-1001", Quantity = 10m }] };

        var forAcme = await portal.Pricing.CalculateAsync(request, options: new PortalRequestOptions { CustomerId = acme.Id.ToString() });
        var forBluebird = await portal.Pricing.CalculateWithResponseAsync(request, options: new PortalRequestOptions { CustomerId = bluebird.Id.ToString() });

        Assert.Equal("EUR", forAcme.Currency);
        Assert.Equal("GBP", forBluebird.Value.Currency); // Bluebird Logistics buys in pounds
        Assert.Equal(200, forBluebird.StatusCode);
        Assert.False(string.IsNullOrEmpty(forBluebird.RequestId));
        decimal unitPrice = forBluebird.Value.Lines.Single().UnitPrice!.Value;
        Assert.True(unitPrice > 0m);
    }

    [Fact]
    public async Task Orders_filter_by_org_unit_and_the_2_0_positional_signatures_still_work()
    {
        var portal = NewAdmin();
        var acme = await portal.Customers.ListAllAsync(q: "C-10001").SingleAsync();
        var options = new PortalRequestOptions { CustomerId = acme.Id.ToString() };
        var units = await portal.OrgUnits.ListAsync(options: options);
        var root = units.Items.Single(u => u.ParentId is null);
        var maintenance = units.Items.Single(u => u.Name == "Maintenance");
        var order = await portal.Orders.CreateAsync(new CreateOrderRequest { Lines = [new CartLineInput { Sku = "FAS-1001", Quantity = 1 }] },
            idempotencyKey: Guid.NewGuid().ToString(), options: options);
        Assert.Equal(root.Id, (await portal.Orders.ListAsync(limit: 200, options: options)).Items.Single(o => o.Id == order.Id).OrgUnitId);

        // The supplier's order is for the root: listed under the root, not under Maintenance.
        Assert.Contains(order.Id, (await portal.Orders.ListAsync(orgUnitId: root.Id, limit: 200, options: options)).Items.Select(o => o.Id));
        var ofMaintenance = await portal.Orders.ListAllAsync(orgUnitId: maintenance.Id, options: options).ToListAsync();
        Assert.DoesNotContain(order.Id, ofMaintenance.Select(o => o.Id));
        Assert.All(ofMaintenance, o => Assert.Equal(maintenance.Id, o.OrgUnitId));

        // 2.0 callers passing options by position.
        var client = (OrdersClient)portal.Orders;
        var page = await client.ListAsync(null, null, null, null, null, null, null, 200, null, options);
        Assert.Contains(order.Id, page.Items.Select(o => o.Id));
        Assert.Contains(order.Id, await client.ListAllAsync(null, null, null, null, null, null, null, 50, options).Select(o => o.Id).ToListAsync());
    }

    [Fact]
    public async Task A_product_answers_its_ETag_and_a_stale_If_Match_fails_with_412()
    {
        var portal = NewAdmin();
        var sku = "SDK-ETAG-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var template = await portal.Products.GetAsync("FAS-1001");
        var input = new ProductInput { Name = "ETag test", Category = template.Category, Unit = template.Unit };

        var created = await portal.Products.PutWithResponseAsync(sku, input, options: new PortalRequestOptions { IfNoneMatch = "*" });
        Assert.Equal(201, created.StatusCode);
        var read = await portal.Products.GetWithResponseAsync(sku);
        Assert.False(string.IsNullOrEmpty(read.ETag));

        input.Name = "ETag test, changed";
        var changed = await portal.Products.PutWithResponseAsync(sku, input, options: new PortalRequestOptions { IfMatch = read.ETag });
        Assert.Equal(200, changed.StatusCode);
        Assert.NotEqual(read.ETag, changed.ETag);

        input.Name = "ETag test, lost update";
        var stale = await Assert.ThrowsAnyAsync<PortalApiException>(() => portal.Products.PutAsync(sku, input, options: new PortalRequestOptions { IfMatch = read.ETag }));
        Assert.Equal(412, stale.Status);
        Assert.Equal("ETag test, changed", (await portal.Products.GetAsync(sku)).Name);
    }

    [Fact]
    public async Task Import_results_and_their_row_errors_are_typed_in_both_modes()
    {
        var buyer = Portal.Api.Hosting.Demo.DemoDataSeeder.DemoCustomerClients[1];
        using var http = api.CreateClient();
        using var portal = new PortalClient(new PortalClientOptions { BaseUri = http.BaseAddress, ClientId = buyer.ClientId, ClientSecret = api.DemoSecret(buyer.ClientId), HttpClient = http });
        var reference = "SDK-IMP-" + Guid.NewGuid().ToString("N")[..8];
        var csv = $"sku,quantity,customer_reference\nNO-SUCH-SKU,1,{reference}\nFAS-1001,2,{reference}\n";

        using (var file = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)))
        {
            var rejected = await Assert.ThrowsAsync<PortalApiException<ImportProblemDetails>>(() => portal.OrderImports.ImportAsync(file));
            var rowError = Assert.Single(rejected.Result.RowErrors);
            Assert.Equal((2, "sku", "unknown-sku"), (rowError.Row, rowError.Column, rowError.Code));
            Assert.Equal(2, rejected.Result.RowsRead);
        }

        using (var file = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)))
        {
            OrderImportReport report = await portal.OrderImports.ImportAsync(file, mode: "skip-invalid");
            Assert.Equal("unknown-sku", Assert.Single(report.Errors).Code);
            Assert.Equal(reference, Assert.Single(report.Orders).CustomerReference);
        }

        // A windows-1252 file (Excel's "CSV (semicolon separated)"), transcoded on the way as the SDK's README shows.
        var latin = "B\u00fcro-" + reference;
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var windows1252 = System.Text.Encoding.GetEncoding(1252);
        using (var file = new MemoryStream(windows1252.GetBytes($"sku;quantity;customer_reference\r\nFAS-1001;1;{latin}\r\n")))
        await using (var utf8 = System.Text.Encoding.CreateTranscodingStream(file, windows1252, System.Text.Encoding.UTF8))
        {
            OrderImportReport report = await portal.OrderImports.ImportAsync(utf8);
            Assert.Equal(latin, Assert.Single(report.Orders).CustomerReference);
        }
    }

    [Fact]
    public async Task Statuses_kinds_and_roles_are_typed_values_that_keep_unknown_ones()
    {
        var portal = NewAdmin();
        var me = await portal.Me.GetAsync();
        Assert.Equal(CallerKind.Supplier, me.Kind);
        Assert.Contains(SupplierRole.SupplierAdmin, me.SupplierRoles);
        Assert.True(me.Kind == "supplier");

        var later = System.Text.Json.JsonSerializer.Deserialize<OrderSummaryDto>("""{ "status": "on-hold", "number": "SO-1" }""")!;
        Assert.Equal("on-hold", later.Status.ToString());
        Assert.False(later.Status.IsKnown);
        Assert.True(OrderStatus.PendingApproval.IsKnown);
        Assert.Equal("\"pending-approval\"", System.Text.Json.JsonSerializer.Serialize(OrderStatus.PendingApproval));
        Assert.Equal("""["supplier-admin"]""", System.Text.Json.JsonSerializer.Serialize(new List<SupplierRole> { SupplierRole.SupplierAdmin }));
    }

    [Fact]
    public async Task A_per_call_timeout_ends_the_call_with_a_TimeoutException()
    {
        var portal = NewAdmin();
        await Assert.ThrowsAsync<TimeoutException>(() => portal.Categories.ListAsync(options: new PortalRequestOptions { Timeout = TimeSpan.FromTicks(1) }));
    }

    [Fact]
    public async Task IPortalClient_area_interfaces_and_named_clients_resolve_from_DI()
    {
        using var http = api.CreateClient();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPortalClient(o =>
        {
            o.BaseUri = http.BaseAddress;
            o.ClientId = PortalApiFactory.AdminClientId;
            o.ClientSecret = PortalApiFactory.AdminClientSecret;
            o.HttpClient = http;
        });
        var buyer = Portal.Api.Hosting.Demo.DemoDataSeeder.DemoCustomerClients[1];
        services.AddPortalClient("acme-buyer", o =>
        {
            o.BaseUri = http.BaseAddress;
            o.ClientId = buyer.ClientId;
            o.ClientSecret = api.DemoSecret(buyer.ClientId);
            o.HttpClient = http;
        });
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var portal = provider.GetRequiredService<IPortalClient>();
        Assert.NotEmpty(await portal.Categories.ListAsync());
        Assert.NotEmpty(await provider.GetRequiredService<ICategoriesClient>().ListAsync());
        var supplier = await portal.Me.GetAsync();
        var named = provider.GetRequiredService<IPortalClientFactory>().CreateClient("acme-buyer");
        var me = await named.Me.GetAsync();
        Assert.NotNull(me.Customer);
        Assert.Null(supplier.Customer);
        Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IPortalClientFactory>().CreateClient("nobody"));
    }

    [Fact]
    public void A_second_default_registration_throws_instead_of_merging()
    {
        var services = new ServiceCollection();
        services.AddPortalClient(o => { o.BaseUri = new Uri("https://portal.example.com/"); o.ClientId = "a"; o.ClientSecret = "b"; });
        Assert.Throws<InvalidOperationException>(() => services.AddPortalClient(o => { o.ClientId = "c"; }));
        services.AddPortalClient("second", o => { o.BaseUri = new Uri("https://portal.example.com/"); o.ClientId = "c"; o.ClientSecret = "d"; });
        Assert.Throws<InvalidOperationException>(() => services.AddPortalClient("second", o => { }));
    }

    [Fact]
    public async Task Invalid_options_fail_when_the_host_starts()
    {
        var services = new ServiceCollection();
        services.AddPortalClient("broken", o => o.ClientId = "no-base-uri-and-no-secret");
        await using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("broken", error.Message, StringComparison.Ordinal);
        Assert.Contains("BaseUri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_bind_from_a_configuration_section()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Portal:BaseUri"] = "https://portal.example.com/",
                ["Portal:ClientId"] = "erp",
                ["Portal:ClientSecret"] = "secret",
                ["Portal:CustomerId"] = "42",
                ["Portal:MaxRetryAfter"] = "00:00:10",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddPortalClient(configuration.GetSection("Portal"));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptionsMonitor<PortalClientOptions>>().Get(Options.DefaultName);
        Assert.Equal("erp", options.ClientId);
        Assert.Equal("42", options.CustomerId);
        Assert.Equal(TimeSpan.FromSeconds(10), options.MaxRetryAfter);
        Assert.Equal(new Uri("https://portal.example.com/"), provider.GetRequiredService<IPortalClient>().BaseUri);
    }
}
