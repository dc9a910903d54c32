using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Api.Infrastructure.Problems;
using Portal.Api.Tests.Infrastructure;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests;

/// <summary>
/// What generated clients rely on in openapi/portal-v1.json (decimal money, required request fields, a body and an
/// example for every operation that takes one) and how unknown paths answer.
/// </summary>
public class ContractShapeTests(EmbeddedApiFactory api) : IClassFixture<EmbeddedApiFactory>
{
    private static JsonNode Document() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(OpenApiContractTests.RepoRoot(), "openapi", "portal-v1.json")))!;

    [Fact]
    public void Every_number_of_the_document_is_a_decimal_or_an_integer()
    {
        var schemas = Document()["components"]!["schemas"]!.AsObject();
        var doubles = new List<string>();
        foreach (var (name, schema) in schemas)
        {
            foreach (var (property, definition) in schema!["properties"]?.AsObject() ?? [])
            {
                var type = definition!["type"]?.ToString();
                var itemType = definition["items"]?["type"]?.ToString();
                if ((type == "number" && definition["format"]?.ToString() != "decimal")
                    || (itemType == "number" && definition["items"]!["format"]?.ToString() != "decimal"))
                {
                    doubles.Add($"{name}.{property}");
                }
            }
        }
        Assert.Empty(doubles);
        Assert.Equal("decimal", schemas["PriceCalculationLine"]!["properties"]!["unitPrice"]!["format"]!.ToString());
        Assert.Equal("decimal", schemas["OrderDto"]!["properties"]!["total"]!["format"]!.ToString());
        Assert.Equal("decimal", schemas["CartLineInput"]!["properties"]!["quantity"]!["format"]!.ToString());
    }

    [Fact]
    public void Required_properties_are_listed_and_not_nullable()
    {
        var schemas = Document()["components"]!["schemas"]!;
        var cartLine = schemas["CartLineInput"]!;
        var required = cartLine["required"]!.AsArray().Select(r => r!.ToString()).ToList();
        Assert.Contains("sku", required);
        Assert.Contains("quantity", required);
        Assert.Null(cartLine["properties"]!["sku"]!["nullable"]);
        Assert.Null(cartLine["properties"]!["quantity"]!["nullable"]);

        var order = schemas["OrderDto"]!["required"]!.AsArray().Select(r => r!.ToString()).ToList();
        Assert.Superset(new HashSet<string> { "id", "number", "status", "currency", "total", "lines", "createdAt" }, order.ToHashSet());
    }

    [Fact]
    public void Statuses_sources_kinds_and_roles_are_documented_string_enums()
    {
        var schemas = Document()["components"]!["schemas"]!;
        Assert.Equal("#/components/schemas/OrderStatus", schemas["OrderDto"]!["properties"]!["status"]!["$ref"]!.ToString());
        Assert.Equal("#/components/schemas/OrderSource", schemas["OrderDto"]!["properties"]!["source"]!["$ref"]!.ToString());
        Assert.Equal("#/components/schemas/PriceSource", schemas["PriceCalculationLine"]!["properties"]!["source"]!["$ref"]!.ToString());
        Assert.Equal("#/components/schemas/ConditionKind", schemas["PriceConditionDto"]!["properties"]!["kind"]!["$ref"]!.ToString());
        Assert.Equal("#/components/schemas/CustomerRole", schemas["RoleGrant"]!["properties"]!["role"]!["$ref"]!.ToString());
        Assert.Equal("#/components/schemas/SupplierRole", schemas["ApiClientDto"]!["properties"]!["supplierRoles"]!["items"]!["$ref"]!.ToString());
        var statuses = schemas["OrderStatus"]!["enum"]!.AsArray().Select(v => v!.ToString()).ToHashSet();
        Assert.Equal(Portal.Api.Features.Ordering.OrderStatuses.All.ToHashSet(), statuses);
        var kinds = schemas["ConditionKind"]!["enum"]!.AsArray().Select(v => v!.ToString()).ToList();
        Assert.Equal(Portal.Api.Features.Pricing.ConditionKinds.ByPriority, kinds);
        var roles = schemas["CustomerRole"]!["enum"]!.AsArray().Select(v => v!.ToString()).ToHashSet();
        Assert.Equal(Portal.Api.Infrastructure.Auth.Roles.Customer.ToHashSet(), roles);
        Assert.Equal(Portal.Api.Infrastructure.Auth.Roles.Supplier.ToHashSet(), schemas["SupplierRole"]!["enum"]!.AsArray().Select(v => v!.ToString()).ToHashSet());
        Assert.Equal(Portal.Api.Features.Ordering.OrderDocumentService.AllKinds.ToHashSet(), schemas["DocumentKind"]!["enum"]!.AsArray().Select(v => v!.ToString()).ToHashSet());
    }

    [Fact]
    public void Every_operation_with_a_body_requires_it_and_has_an_example()
    {
        var missing = new List<string>();
        foreach (var (path, item) in Document()["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation!["requestBody"] is not { } body)
                {
                    continue;
                }
                if (!body["content"]!.AsObject().Any(c => c.Value!["example"] is not null))
                {
                    missing.Add($"{method} {path}: no example");
                }
            }
        }
        Assert.Empty(missing);

        var upload = Document()["paths"]!["/api/v1/orders/{id}/documents"]!["post"]!["requestBody"]!;
        Assert.True(upload["required"]!.GetValue<bool>());
        Assert.NotNull(upload["content"]!["application/pdf"]);
        var create = Document()["paths"]!["/api/v1/orders"]!["post"]!["requestBody"]!;
        Assert.True(create["required"]!.GetValue<bool>());
    }

    [Fact]
    public void Header_parameters_carry_an_idiomatic_name_for_generators()
    {
        var put = Document()["paths"]!["/api/v1/products/{sku}"]!["put"]!["parameters"]!.AsArray();
        var names = put.Where(p => p!["in"]!.ToString() == "header").ToDictionary(p => p!["name"]!.ToString(), p => p!["x-originalName"]?.ToString());
        Assert.Equal("ifMatch", names["If-Match"]);
        Assert.Equal("idempotencyKey", names["Idempotency-Key"]);
    }

    [Fact]
    public async Task Unknown_paths_outside_api_answer_404_and_under_api_still_need_a_token()
    {
        using var client = api.CreateClient();
        await HttpAssert.ProblemAsync(await client.GetAsync("/nope"), HttpStatusCode.NotFound, ProblemTypes.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/v1/api/products", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/no-such-thing")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/products")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/swagger/v1/swagger.json")).StatusCode);
    }

    [Fact]
    public async Task Malformed_json_answers_one_error_with_its_json_path_and_no_reader_internals()
    {
        using var client = await api.CreateClientWithTokenAsync(Demo("acme-buyer"), "acme-buyer-secret");
        using var body = new StringContent("""{ "lines": [ { "sku": "FAS-1001", "quantity": 1 }, { "sku": "FAS-1002", "quantity": x } ] }""", Encoding.UTF8, "application/json");
        var problem = await HttpAssert.ProblemAsync(await client.PostAsync("/api/v1/price-calculations", body), HttpStatusCode.BadRequest, ProblemTypes.Validation);

        var errors = problem.GetProperty("errors").EnumerateObject().ToList();
        var error = Assert.Single(errors);
        Assert.Equal("$.lines[1].quantity", error.Name);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("Not valid JSON at line 1", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("JsonReaderOptions", problem.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("System.", problem.GetRawText(), StringComparison.Ordinal);

        using var wrongKind = new StringContent("""{ "lines": [ { "sku": "FAS-1001", "quantity": "ten" } ] }""", Encoding.UTF8, "application/json");
        var kind = await HttpAssert.ProblemAsync(await client.PostAsync("/api/v1/price-calculations", wrongKind), HttpStatusCode.BadRequest, ProblemTypes.Validation);
        var kindError = Assert.Single(kind.GetProperty("errors").EnumerateObject());
        Assert.Equal("$.lines[0].quantity", kindError.Name);
        Assert.Equal("The value is not a number.", kindError.Value[0].GetString());
    }

    [Fact]
    public async Task Unknown_json_properties_are_refused_with_a_400_naming_them()
    {
        using var client = await api.CreateClientWithTokenAsync(Demo("acme-buyer"), "acme-buyer-secret");
        using var body = new StringContent("""{ "name": "Workshop", "colour": "red" }""", Encoding.UTF8, "application/json");
        var problem = await HttpAssert.ProblemAsync(await client.PostAsync("/api/v1/carts", body), HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Contains("colour", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty("$.colour", out _), problem.GetRawText());

        using var nested = new StringContent("""{ "lines": [ { "sku": "FAS-1001", "quantity": 1, "qty": 2 } ] }""", Encoding.UTF8, "application/json");
        var nestedProblem = await HttpAssert.ProblemAsync(await client.PostAsync("/api/v1/price-calculations", nested), HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Contains("$.lines[0].qty", nestedProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unauthorized_and_forbidden_problems_say_what_is_missing()
    {
        using var anonymous = api.CreateClient();
        var none = await HttpAssert.ProblemAsync(await anonymous.GetAsync("/api/v1/products"), HttpStatusCode.Unauthorized, ProblemTypes.ForStatus(401).Type);
        Assert.Contains("/connect/token", none.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var stale = api.CreateClient();
        stale.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-token");
        var invalid = await HttpAssert.ProblemAsync(await stale.GetAsync("/api/v1/products"), HttpStatusCode.Unauthorized, ProblemTypes.ForStatus(401).Type);
        Assert.Contains("expired or not valid", invalid.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var buyer = await api.CreateClientWithTokenAsync(Demo("acme-buyer"), "acme-buyer-secret");
        var forbidden = await HttpAssert.ProblemAsync(await buyer.GetAsync("/api/v1/pricing/conditions"), HttpStatusCode.Forbidden, ProblemTypes.ForStatus(403).Type);
        var detail = forbidden.GetProperty("detail").GetString()!;
        Assert.Contains("PriceConditionsRead", detail, StringComparison.Ordinal);
        Assert.Contains("supplier-admin", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_headers_follow_one_convention_with_the_old_spellings_as_aliases()
    {
        using var admin = await api.CreateClientWithTokenAsync("portal-demo", "portal-demo-secret");
        var csv = "id,kind,customer_group,currency,discount_percent\nCSV-ALIAS-1,group,csv-alias-a,EUR,3\n";
        using var snake = new StringContent(csv, Encoding.UTF8, "text/csv");
        await HttpAssert.OkJsonAsync(await admin.PutAsync("/api/v1/pricing/conditions", snake));
        var condition = await HttpAssert.OkJsonAsync(await admin.GetAsync("/api/v1/pricing/conditions/CSV-ALIAS-1"));
        Assert.Equal("csv-alias-a", condition.GetProperty("customerGroup").GetString());

        using var camel = new StringContent("Id;Kind;CustomerGroup;Currency;Discount Percent\nCSV-ALIAS-2;group;csv-alias-b;EUR;\"2,5\"\n", Encoding.UTF8, "text/csv");
        await HttpAssert.OkJsonAsync(await admin.PutAsync("/api/v1/pricing/conditions", camel));
        var second = await HttpAssert.OkJsonAsync(await admin.GetAsync("/api/v1/pricing/conditions/CSV-ALIAS-2"));
        Assert.Equal(2.5m, second.GetProperty("discountPercent").GetDecimal());

        using var unknown = new StringContent("id,kind,customer_grp\nCSV-ALIAS-3,group,x\n", Encoding.UTF8, "text/csv");
        var problem = await HttpAssert.ProblemAsync(await admin.PutAsync("/api/v1/pricing/conditions", unknown), HttpStatusCode.BadRequest, ProblemTypes.Validation);
        var header = problem.GetProperty("errors").GetProperty("header")[0].GetString()!;
        Assert.Contains("customer_group", header, StringComparison.Ordinal);
        Assert.Contains("customergrp", header, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_punchout_put_answer_lists_each_credential_once_as_get_does()
    {
        using var admin = await api.CreateClientWithTokenAsync("portal-demo", "portal-demo-secret");
        var customers = await HttpAssert.OkJsonAsync(await admin.GetAsync("/api/v1/customers?q=C-10002"));
        var id = customers.GetProperty("items")[0].GetProperty("id").GetString();
        var settings = new
        {
            cxml = new
            {
                credentials = new[] { new { domain = "NetworkID", identity = "AN-CONTRACT-" + Guid.NewGuid().ToString("N")[..8] }, new { domain = "DUNS", identity = "123456789" + Random.Shared.Next(10, 99) } },
                sharedSecret = "a long random shared secret for the test",
                allowedReturnUrls = new[] { "https://buyer.example.com/punchout/return" },
            },
        };
        var put = await HttpAssert.OkJsonAsync(await admin.PutAsync($"/api/v1/customers/{id}/punchout", JsonContent(settings)));
        var get = await HttpAssert.OkJsonAsync(await admin.GetAsync($"/api/v1/customers/{id}/punchout"));
        Assert.Equal(2, put.GetProperty("cxml").GetProperty("credentials").GetArrayLength());
        Assert.Equal(get.GetProperty("cxml").GetProperty("credentials").GetRawText(), put.GetProperty("cxml").GetProperty("credentials").GetRawText());
    }

    private static StringContent JsonContent(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    private static string Demo(string clientId) => clientId;
}
