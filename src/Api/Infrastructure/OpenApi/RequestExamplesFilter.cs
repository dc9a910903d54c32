using System.Text.Json.Nodes;
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
        ["Carts_UpdateLine"] = """{ "quantity": 40, "note": "for line 3 and 4" }""",
        ["Addresses_Create"] = """
            { "kind": "delivery", "name": "Acme Manufacturing GmbH", "department": "Goods receipt, gate 2", "street": "Industriestr. 12",
              "postalCode": "70565", "city": "Stuttgart", "country": "DE", "isDefault": false }
            """,
        ["Addresses_Replace"] = """
            { "kind": "delivery", "name": "Acme Manufacturing GmbH", "department": "Goods receipt, gate 3", "street": "Industriestr. 12",
              "postalCode": "70565", "city": "Stuttgart", "country": "DE", "isDefault": true }
            """,
        ["ApiClients_Create"] = """{ "name": "ERP connector", "supplierRoles": [ "integration" ] }""",
        ["ApiClients_Rotate"] = """{ "gracePeriodMinutes": 60 }""",
        ["CostCenters_Create"] = """{ "code": "4711", "name": "Maintenance" }""",
        ["CostCenters_Update"] = """{ "name": "Maintenance and repair", "active": true }""",
        ["Customers_Create"] = """
            { "name": "Beta Logistics AG", "number": "C-20001", "customerGroup": "logistics", "currency": "EUR", "pricingStrategy": "priority" }
            """,
        ["Customers_Update"] = """{ "customerGroup": "healthcare", "realtimePricing": false }""",
        ["Orders_ChangeStatus"] = """{ "status": "shipped", "trackingNumber": "00340434161094042557", "carrier": "DHL" }""",
        ["Orders_Invoice"] = """{ "number": "INV-2026-0042", "date": "2026-12-05", "lines": [ { "lineNumber": 1, "quantity": 100 } ], "shipping": 4.95, "tax": 8.93 }""",
        ["Orders_Cancel"] = """{ "reason": "Ordered twice by mistake" }""",
        ["Orders_Reorder"] = """{ "lineIds": [] }""",
        ["OrgUnits_Create"] = """{ "parentId": "00000000-0000-0000-0000-000000000000", "name": "Workshop North", "code": "WS-N" }""",
        ["OrgUnits_Update"] = """{ "name": "Workshop North (Hall 4)" }""",
        ["Products_Put"] = """
            { "name": "Hex bolt M8x40, DIN 933, 8.8, zinc plated", "category": "fasteners", "gtin": "4061230000105", "unit": "PCE",
              "unspsc": "31161500", "manufacturer": "Würth", "manufacturerPartNumber": "0057 840", "packSize": 100, "stockQuantity": 12000,
              "leadTimeDays": 2, "regulated": false }
            """,
        ["Products_UpsertBatch"] = """
            { "products": [
                { "sku": "FAS-9001", "name": "Washer M8, DIN 125, zinc plated", "category": "fasteners", "unit": "PCE", "packSize": 100, "stockQuantity": 5000 },
                { "sku": "FAS-9002", "name": "Nut M8, DIN 934, 8, zinc plated", "category": "fasteners", "unit": "PCE", "packSize": 100, "stockQuantity": 8000 } ] }
            """,
        ["PunchoutSettings_Put"] = """
            { "cxml": { "credentials": [ { "domain": "NetworkID", "identity": "AN01000000001" } ], "sharedSecret": "a long random shared secret",
                        "allowedReturnUrls": [ "https://buyer.example.com/punchout/return" ], "autoCreateUsers": true } }
            """,
        ["SsoSettings_Put"] = """
            { "saml": { "idpEntityId": "https://sts.windows.net/00000000-0000-0000-0000-000000000000/",
                        "ssoUrl": "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/saml2",
                        "signingCertificates": [ "-----BEGIN CERTIFICATE-----\nMIIC...\n-----END CERTIFICATE-----" ],
                        "attributes": { "email": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
                                        "name": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
                                        "groups": "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups" } },
              "emailDomains": [ "acme.example" ],
              "roleMappings": [ { "group": "procurement-buyers", "role": "requester", "orgUnitId": "00000000-0000-0000-0000-000000000000" } ],
              "requireSso": false }
            """,
        ["Users_Create"] = """
            { "email": "jane.doe@acme.example", "name": "Jane Doe", "orgUnitId": "00000000-0000-0000-0000-000000000000",
              "roles": [ { "role": "requester", "orgUnitId": "00000000-0000-0000-0000-000000000000" } ] }
            """,
        ["Webhooks_Create"] = """
            { "url": "https://erp.acme.example/portal/webhooks", "events": [ "order.submitted", "order.status_changed" ],
              "description": "Acme ERP order intake" }
            """,
        ["Webhooks_Update"] = """{ "events": [ "order.submitted", "order.cancelled" ], "enabled": true }""",
        ["Users_Update"] = """{ "name": "Jane Doe-Smith", "active": true }""",
        ["ApprovalRules_Create"] = """
            { "name": "Over 5,000", "conditions": { "minOrderTotal": 5000 }, "levels": [ { "approverRole": "approver" }, { "approverRole": "administrator" } ], "escalateAfter": "PT4H" }
            """,
        ["ApprovalRules_Replace"] = """
            { "name": "Over 10,000", "conditions": { "minOrderTotal": 10000 }, "levels": [ { "approverRole": "approver" } ] }
            """,
        ["Approvals_Approve"] = """{ "reason": "Within the project plan" }""",
        ["Approvals_Reject"] = """{ "reason": "Not in this quarter's plan" }""",
        ["Budgets_Create"] = """
            { "name": "Maintenance 2026", "scope": { "costCenterId": "00000000-0000-0000-0000-000000000000" }, "period": "month", "amount": 1000, "currency": "EUR", "policy": "block", "thresholds": [ 80, 100 ] }
            """,
        ["Quotes_RequestQuote"] = """
            { "lines": [ { "sku": "FAS-1001", "quantity": 5000, "targetPrice": 0.35 }, { "sku": "TOL-1001", "quantity": 20 } ],
              "message": "Yearly demand, delivery in four lots", "requestedDeliveryDate": "2026-03-01" }
            """,
        ["Quotes_Update"] = """
            { "lines": [ { "sku": "FAS-1001", "quantity": 5000, "unitPrice": 0.36, "leadTimeDays": 5 },
                         { "sku": "FAS-1002", "quantity": 5000, "unitPrice": 0.33, "note": "Alternative: zinc flake coated" } ],
              "validUntil": "2026-02-15T23:59:59Z", "note": "Prices for the whole quantity, delivery in four lots." }
            """,
        ["Quotes_Accept"] = """{ "version": 1, "customerReference": "PO-2026-0042" }""",
        ["Quotes_Decline"] = """{ "reason": "Another supplier was cheaper" }""",
        ["Quotes_Revise"] = """{ "comment": "Can you offer 0.34 for 10,000 pieces?" }""",
        ["Quotes_Withdraw"] = """{ "reason": "The product is discontinued" }""",
        ["Budgets_Update"] = """{ "amount": 1500, "thresholds": [ 90 ] }""",
        ["BudgetChecks_Check"] = """{ "costCenterId": "00000000-0000-0000-0000-000000000000", "amount": 100, "currency": "EUR" }""",
        ["OrderTemplates_Create"] = """
            { "name": "Workshop weekly", "scope": "org-unit", "orgUnitId": "00000000-0000-0000-0000-000000000000",
              "lines": [ { "sku": "FAS-1001", "quantity": 100, "note": "shelf 3" }, { "sku": "OFF-1001", "quantity": 5 } ] }
            """,
        ["OrderTemplates_Update"] = """{ "name": "Workshop weekly (hall 4)", "lines": [ { "sku": "FAS-1001", "quantity": 200 } ] }""",
        ["OrderTemplates_Order"] = """{ "customerReference": "PO-2026-0077", "note": "Weekly restock" }""",
        ["FavoriteLists_Create"] = """{ "name": "My fasteners", "scope": "user" }""",
        ["FavoriteLists_AddItem"] = """{ "sku": "FAS-1001", "quantity": 100 }""",
        ["ReplenishmentSchedules_Create"] = """
            { "templateId": "00000000-0000-0000-0000-000000000000", "interval": "P1W", "nextRunAt": "2026-12-07T06:00:00Z", "mode": "suggest" }
            """,
        ["ReplenishmentSchedules_Update"] = """{ "interval": "0 6 * * 1", "active": true }""",
    };

    private static readonly Dictionary<string, string> CsvExamples = new(StringComparer.Ordinal)
    {
        ["OrderImports_Import"] = "customer_reference,sku,quantity,cost_center,note\nPO-2026-0042,FAS-1001,100,,\nPO-2026-0042,OFF-1001,5,,urgent\nPO-2026-0043,TOL-1001,2,,\n",
        ["Carts_Import"] = "sku;quantity;note\nFAS-1001;100;\nOFF-1001;5;urgent\n",
        ["PriceConditions_UpsertCsv"] = "id,kind,sku,customer_id,customer_group,currency,price,discount_percent,min_quantity\nTIER-FAS-1001-EUR-500,tier,FAS-1001,,,EUR,0.39,,500\nGROUP-healthcare-EUR,group,,,healthcare,EUR,,4,\n",
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var id = operation.OperationId ?? string.Empty;
        if (JsonExamples.TryGetValue(id, out var json) && operation.RequestBody?.Content is { } content)
        {
            foreach (var (type, media) in content)
            {
                if (type.Contains("json", StringComparison.Ordinal) && media is OpenApiMediaType jsonMedia)
                {
                    jsonMedia.Example = JsonNode.Parse(json);
                }
            }
        }

        // CSV and PDF uploads read the raw body, so ApiExplorer sees no body parameter: document it here, so that
        // Swagger UI offers a text field and the SDK gets a stream parameter.
        var consumes = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<ConsumesAttribute>()
            .SelectMany(c => c.ContentTypes).ToList();
        if (consumes.Contains("application/pdf") && operation.RequestBody is null)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "The PDF file (at most 20 MB).",
                Content = new Dictionary<string, IOpenApiMediaType>
                {
                    ["application/pdf"] = new OpenApiMediaType
                    {
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                        Example = JsonValue.Create("%PDF-1.7 ... (the file's bytes)"),
                    },
                },
            };
        }
        if (consumes.Contains("text/csv") && operation.RequestBody is null)
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
