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
/// Lists the string values a property takes, documented as a string enum in the OpenAPI document.
/// The wire format stays a string; clients can rely on the listed values (new values are announced in the changelog).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ContractValuesAttribute(params string[] values) : Attribute
{
    public IReadOnlyList<string> Values { get; } = values;
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
                if (property.GetCustomAttribute<ContractValuesAttribute>() is { } values && propertySchema is OpenApiSchema text)
                {
                    text.Enum = values.Values.Select(v => (JsonNode)JsonValue.Create(v)!).ToList();
                    if ((text.Type ?? 0).HasFlag(JsonSchemaType.Null))
                    {
                        text.Enum.Add(null!);
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
