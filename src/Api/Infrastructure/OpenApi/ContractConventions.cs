using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Portal.Api.Infrastructure.OpenApi;

/// <summary>
/// Marks a request property as required (and not null) in the OpenAPI document, so that generated clients
/// make it a non-nullable, required member. The server still validates it itself (with a per-field problem),
/// which is why the C# property may stay nullable: a missing value is reported, not defaulted.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RequiredInContractAttribute : Attribute;

/// <summary>
/// Documents a string property (or the items of a string list) as one of the shared string enums of
/// <see cref="ContractConventions.Enums"/> (a schema in components, referenced by the property). The wire
/// format stays a string; a later API version may add values, so clients keep values they do not know.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ContractEnumAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>
/// The conventions of the published contract (openapi/portal-v1.json) that generated clients depend on:
/// money and quantities as <c>format: decimal</c>, required request fields, documented string enums,
/// required request bodies, idiomatic names for header parameters and an honest description.
/// </summary>
public static class ContractConventions
{
    public const string Description =
        "B2B procurement API: catalog search and GTIN lookup, customer-specific prices, server-side carts, orders " +
        "(idempotent placing, history, status, documents, CSV list orders, the ERP's order feed), price conditions from the ERP, " +
        "customer accounts (org units, users and roles, cost centers, addresses, API clients, access log) and cXML punchout set-up. " +
        "Authenticate with OAuth 2.0 client credentials at /connect/token and send the access token as a bearer token. " +
        "Money and quantities are JSON numbers (format: decimal; read them as decimals, never as binary floating point). " +
        "Errors are RFC 9457 problem documents (application/problem+json) with a stable type.";

    /// <summary>The documented string enums: schema name, description, values.</summary>
    public static readonly IReadOnlyDictionary<string, (string Description, string[] Values)> Enums = new Dictionary<string, (string, string[])>
    {
        ["OrderStatus"] = ("The status of an order.", ["submitted", "pending-approval", "approved", "rejected", "confirmed", "shipped", "delivered", "cancelled"]),
        ["OrderSource"] = ("How an order came in: the REST API, a CSV list order or a cXML OrderRequest.", ["api", "csv", "cxml"]),
        ["OrderChannel"] = ("Who placed the order through which way (the self-service rate counts all but sales-assisted).", Features.Ordering.OrderChannels.All.ToArray()),
        ["PriceSource"] = ("The kind of condition that set a price.", ["customer", "contract", "tier", "group", "list"]),
        ["ConditionKind"] = ("The kind of a price condition.", ["customer", "contract", "tier", "group", "list"]),
        ["CustomerRole"] = ("A role of a customer's user, granted at an org unit.", ["requester", "approver", "administrator", "read-only"]),
        ["SupplierRole"] = ("A role of a supplier-side client.", ["supplier-admin", "sales", "integration"]),
        ["PricingStrategy"] = ("How an account's price is chosen: the condition of highest priority, or the lowest price.", ["priority", "lowestPrice"]),
        ["AddressKind"] = ("The use of an address.", ["delivery", "billing"]),
        ["DocumentKind"] = ("The kind of an order document (buyer-attachment: a file the buyer sent with a cXML purchase order).", ["invoice", "delivery-note", "order-confirmation", "other", "buyer-attachment"]),
        ["ApiClientType"] = ("machine: client credentials acting as a user; web: a confidential app, native: a public app (no secret); apps sign users in with authorization code + PKCE.", ["machine", "web", "native"]),
        ["CallerKind"] = ("Whether a token acts on the supplier side or for a customer account.", ["supplier", "customer"]),
        ["CxmlDocumentType"] = ("A cXML document sent to the buyer system about an order.", ["confirmation", "ship-notice", "invoice"]),
        ["CxmlDocumentState"] = ("Where a cXML document's delivery stands: waiting (or retrying), delivered (2xx), failed (refused or gave up).", ["pending", "delivered", "failed"]),
    };

    public static void AddPortalContractConventions(this SwaggerGenOptions options)
    {
        options.MapType<decimal>(() => new OpenApiSchema { Type = JsonSchemaType.Number, Format = "decimal" });
        options.MapType<decimal?>(() => new OpenApiSchema { Type = JsonSchemaType.Number | JsonSchemaType.Null, Format = "decimal" });
        options.SchemaFilter<RequiredAndValuesSchemaFilter>();
        options.OperationFilter<RequestBodyRequiredFilter>();
        options.OperationFilter<HeaderParameterNamesFilter>();
        options.DocumentFilter<DescriptionDocumentFilter>();
    }

    private sealed class RequiredAndValuesSchemaFilter : ISchemaFilter
    {
        public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
        {
            if (schema is not OpenApiSchema target || target.Properties is null || context.Type is null)
            {
                return;
            }
            foreach (var property in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var name = JsonName(property.Name);
                if (!target.Properties.TryGetValue(name, out var propertySchema))
                {
                    continue;
                }
                if (property.GetCustomAttribute<RequiredInContractAttribute>() is not null)
                {
                    target.Required ??= new HashSet<string>();
                    target.Required.Add(name);
                    if (propertySchema is OpenApiSchema inline && inline.Type is { } type)
                    {
                        inline.Type = type & ~JsonSchemaType.Null;
                    }
                }
                if (property.GetCustomAttribute<ContractEnumAttribute>() is { } contractEnum && propertySchema is OpenApiSchema text)
                {
                    var (description, values) = Enums[contractEnum.Name];
                    if (!context.SchemaRepository.Schemas.ContainsKey(contractEnum.Name))
                    {
                        context.SchemaRepository.AddDefinition(contractEnum.Name, new OpenApiSchema
                        {
                            Type = JsonSchemaType.String,
                            Description = description + " Later API versions may add values: keep values you do not know.",
                            Enum = values.Select(v => (JsonNode)JsonValue.Create(v)!).ToList(),
                        });
                    }
                    var reference = new OpenApiSchemaReference(contractEnum.Name);
                    if (text.Items is not null && (text.Type ?? 0).HasFlag(JsonSchemaType.Array))
                    {
                        text.Items = reference;
                    }
                    else
                    {
                        target.Properties[name] = reference;
                    }
                }
            }
        }

        private static string JsonName(string name) => char.ToLowerInvariant(name[0]) + name[1..];
    }

    /// <summary>
    /// A body is required unless the action's body parameter is declared nullable, so that generated clients put it
    /// first and never default it to null.
    /// </summary>
    private sealed class RequestBodyRequiredFilter : IOperationFilter
    {
        private static readonly NullabilityInfoContext Nullability = new();

        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (operation.RequestBody is not OpenApiRequestBody body || body.Required)
            {
                return;
            }
            var bodyParameter = context.ApiDescription.ParameterDescriptions
                .FirstOrDefault(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Body);
            if (bodyParameter?.ParameterDescriptor is ControllerParameterDescriptor { ParameterInfo: { } info }
                && (Nullable.GetUnderlyingType(info.ParameterType) is not null
                    || Nullability.Create(info).WriteState == NullabilityState.Nullable))
            {
                return;
            }
            body.Required = true;
        }
    }

    /// <summary>
    /// Header parameters (Idempotency-Key, If-Match, ...) get an idiomatic variable name for generators
    /// (<c>x-originalName</c>, read by NSwag): <c>idempotencyKey</c>, not <c>idempotency_Key</c>.
    /// </summary>
    private sealed class HeaderParameterNamesFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (operation.Parameters is null)
            {
                return;
            }
            foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Header && p.Name is not null))
            {
                var parts = parameter.Name!.Split('-', StringSplitOptions.RemoveEmptyEntries);
                var name = string.Concat(parts.Select((p, i) => i == 0 ? p.ToLowerInvariant() : char.ToUpperInvariant(p[0]) + p[1..].ToLowerInvariant()));
                parameter.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                parameter.Extensions["x-originalName"] = new JsonNodeExtension(JsonValue.Create(name)!);
            }
        }
    }

    private sealed class DescriptionDocumentFilter : IDocumentFilter
    {
        public void Apply(OpenApiDocument document, DocumentFilterContext context)
        {
            document.Info ??= new OpenApiInfo();
            document.Info.Description = Description;
        }
    }
}
