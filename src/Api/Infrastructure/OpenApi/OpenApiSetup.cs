using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Portal.Api.Infrastructure.OpenApi;

public static class OpenApiSetup
{
    public const string DocumentName = "v1";

    /// <summary>
    /// URL-segment API versioning (/api/v1) and the OpenAPI document it feeds. The same document is
    /// written at build time to openapi/portal-v1.json, from which the SDK is generated.
    /// </summary>
    public static IServiceCollection AddPortalApiVersioningAndOpenApi(this IServiceCollection services)
    {
        services.AddApiVersioning(options =>
            {
                options.DefaultApiVersion = new ApiVersion(1, 0);
                options.AssumeDefaultVersionWhenUnspecified = false;
                options.ReportApiVersions = true;
                options.ApiVersionReader = new UrlSegmentApiVersionReader();
            })
            .AddMvc()
            .AddApiExplorer(options =>
            {
                options.GroupNameFormat = "'v'VVV";
                options.SubstituteApiVersionInUrl = true;
            });

        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "Portal API",
                Version = "1.0",
                Description = ContractConventions.Description,
            });
            options.DocInclusionPredicate((document, api) => api.GroupName == document);
            options.CustomOperationIds(api => $"{api.ActionDescriptor.RouteValues["controller"]}_{api.ActionDescriptor.RouteValues["action"]}");
            options.TagActionsBy(api => [api.ActionDescriptor.RouteValues["controller"]!]);
            // Sorted by the lower-case controller name: the same order under invariant globalization (the
            // build-time document) and culture-aware comparison (test hosts), e.g. Orders before OrderTemplates.
            options.OrderActionsBy(api => api.ActionDescriptor.RouteValues["controller"]!.ToLowerInvariant());
            options.SupportNonNullableReferenceTypes();
            options.NonNullableReferenceTypesAsRequired();
            options.AddSecurityDefinition("oauth2", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = "OAuth 2.0 client credentials.",
                Flows = new OpenApiOAuthFlows
                {
                    ClientCredentials = new OpenApiOAuthFlow
                    {
                        TokenUrl = new Uri("/connect/token", UriKind.Relative),
                        Scopes = new Dictionary<string, string> { ["api"] = "The Portal API." },
                    },
                },
            });
            options.OperationFilter<SecurityRequirementFilter>();
            options.OperationFilter<IdempotencyKeyFilter>();
            options.OperationFilter<RequestExamplesFilter>();
            options.AddPortalContractConventions();
            var xml = Path.Combine(AppContext.BaseDirectory, $"{Assembly.GetExecutingAssembly().GetName().Name}.xml");
            if (File.Exists(xml))
            {
                options.IncludeXmlComments(xml);
            }
        });
        return services;
    }

    /// <summary>Documents the Idempotency-Key header on every changing operation (all honour it).</summary>
    private sealed class IdempotencyKeyFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var method = context.ApiDescription.HttpMethod;
            if (method is null || HttpMethods.IsGet(method) || HttpMethods.IsHead(method)
                || context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
            {
                return;
            }
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = Idempotency.IdempotentAttribute.HeaderName,
                In = ParameterLocation.Header,
                Required = false,
                Description = "A unique key (a UUID) per logical request: a retry with the same key and body answers the first response and creates nothing.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 },
            });
        }
    }

    /// <summary>Marks operations that need a token, so Swagger UI and generated clients know.</summary>
    private sealed class SecurityRequirementFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var anonymous = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any();
            if (anonymous)
            {
                return;
            }
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference("oauth2", context.Document)] = ["api"],
            });
        }
    }
}
