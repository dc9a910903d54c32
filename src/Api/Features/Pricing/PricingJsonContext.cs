using System.Text.Json.Serialization;

namespace Portal.Api.Features.Pricing;

/// <summary>
/// Source-generated JSON for the price calculation contracts (the hottest request and response of the
/// API): MVC's JSON options take it first in their resolver chain, so these types skip reflection.
/// Web defaults, as MVC's: camelCase names, nulls written.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PriceCalculationRequest))]
[JsonSerializable(typeof(PriceCalculationResult))]
internal sealed partial class PricingJsonContext : JsonSerializerContext;
