using System.Collections.Immutable;
using System.Text.Json;
using OpenIddict.Abstractions;

namespace Portal.Api.Infrastructure.Auth;

/// <summary>The roles an OAuth client acts with, kept in the OpenIddict application's properties.</summary>
public static class ApiClientRoles
{
    private const string Property = "portal_roles";

    public static void Set(OpenIddictApplicationDescriptor descriptor, IEnumerable<string> roles) =>
        descriptor.Properties[Property] = JsonSerializer.SerializeToElement(roles.ToArray());

    public static IReadOnlyList<string> Get(ImmutableDictionary<string, JsonElement> properties) =>
        properties.TryGetValue(Property, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(e => e.GetString()).OfType<string>().ToArray()
            : [];
}
