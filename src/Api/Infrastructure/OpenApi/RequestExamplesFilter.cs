using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Portal.Api.Infrastructure.OpenApi;

/// <summary>
/// Request examples for the main operations, shown (and pre-filled for "Try it out") in Swagger UI, with
/// the demo data's skus and customer number so they work against the embedded mode as they are.
/// </summary>
internal sealed class RequestExamplesFilter : IOperationFilter
{
    private static readonly Dictionary<string, string> JsonExamples = new(StringComparer.Ordinal)
    {
        ["Orders_Create"] = """
            { "lines": [ { "sku": "FAS-1001", "quantity": 100 }, { "sku": "OFF-1001", "quantity": 5 } ],
              "customerReference": "PO-2026-0042", "note": "Deliver to gate 2" }
            """,
        ["PriceCalculations_Calculate"] = """
            { "lines": [ { "sku": "FAS-1001", "quantity": 100 }, { "sku": "TOL-1001", "quantity": 2 }, { "sku": "PKG-1001", "quantity": 60 } ] }
            """,
        ["PriceConditions_Upsert"] = """
            { "conditions": [
                { "id": "CUST-C-10001-FAS-1001", "kind": "customer", "sku": "FAS-1001", "customerId": "00000000-0000-0000-0000-000000000000",
                  "currency": "EUR", "price": 0.42, "validFrom": "2026-01-01", "validTo": "2026-12-31" },
                { "id": "TIER-FAS-1001-EUR-500", "kind": "tier", "sku": "FAS-1001", "currency": "EUR", "minQuantity": 500, "price": 0.39 },
                { "id": "GROUP-healthcare-EUR", "kind": "group", "customerGroup": "healthcare", "currency": "EUR", "discountPercent": 4 } ] }
            """,
        ["Carts_Create"] = """{ "name": "Workshop restock" }""",
        ["Carts_AddLines"] = """{ "sku": "FAS-1001", "quantity": 25, "note": "for line 3" }""",
        ["Carts_Scan"] = """{ "code": "4061230000105", "quantity": 1 }""",
    };

    private static readonly Dictionary<string, string> CsvExamples = new(StringComparer.Ordinal)
    {
        ["OrderImports_Import"] = "customer_reference,sku,quantity,cost_center,note\nPO-2026-0042,FAS-1001,100,,\nPO-2026-0042,OFF-1001,5,,urgent\nPO-2026-0043,TOL-1001,2,,\n",
        ["Carts_Import"] = "sku;quantity;note\nFAS-1001;100;\nOFF-1001;5;urgent\n",
        ["PriceConditions_UpsertCsv"] = "id,kind,sku,customerId,currency,price,minQuantity\nTIER-FAS-1001-EUR-500,tier,FAS-1001,,EUR,0.39,500\n",
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var id = operation.OperationId ?? string.Empty;
        if (JsonExamples.TryGetValue(id, out var json)
            && operation.RequestBody?.Content is { } content
            && content.TryGetValue("application/json", out var found) && found is OpenApiMediaType media)
        {
            media.Example = JsonNode.Parse(json);
        }

        // CSV uploads read the raw body, so ApiExplorer sees no body parameter: document it here, so that
        // Swagger UI offers a text field and the SDK gets a stream parameter.
        var consumesCsv = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<ConsumesAttribute>()
            .Any(c => c.ContentTypes.Contains("text/csv"));
        if (consumesCsv && operation.RequestBody is null)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "The CSV file (UTF-8, ',' or ';', a header row).",
                Content = new Dictionary<string, IOpenApiMediaType>
                {
                    ["text/csv"] = new OpenApiMediaType
                    {
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                        Example = CsvExamples.TryGetValue(id, out var csv) ? JsonValue.Create(csv) : null,
                    },
                },
            };
        }
    }
}
