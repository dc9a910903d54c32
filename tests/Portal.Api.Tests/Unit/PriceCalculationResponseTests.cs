using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Api.Features.Pricing;
using Portal.Api.Features.Pricing.V1;

namespace Portal.Api.Tests.Unit;

/// <summary>The price endpoint writes its answer from pre-rendered lines: it must be the very JSON MVC writes for the result.</summary>
public class PriceCalculationResponseTests
{
    [Fact]
    public void The_rendered_answer_is_byte_for_byte_what_mvc_writes_for_the_result()
    {
        var date = new DateOnly(2026, 12, 31);
        PriceCalculationLine[] lines =
        [
            new(" A-1 ", 2.0m, 12.3450m, 15m, 2.655m, 17.70m, 5.31m, 24.69m, "customer", "C-1", null, date, 1m, null),
            new("Ä<&>\"", 1m, 0.1125m, 0.125m, 0.0125m, 10.00m, 0.01m, 0.11m, "group", "G-1", "FW-9", null, 100m, null),
            new("NOPE", 3m, null, null, null, null, null, null, null, null, null, null, null, new PriceLineError("unknown-sku", "No product has the sku 'NOPE'.")),
        ];
        var result = new PriceCalculationResult("EUR", date, lines, 24.80m, 5.32m);

        // MVC's JSON options as PortalHost configures them.
        var mvc = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };
        mvc.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        var expected = JsonSerializer.Serialize(result, mvc);

        var response = new PriceCalculationResponse("EUR", date,
            lines.Select(l => RenderedLine.Render(l.Sku!, l.Quantity!.Value, date, l)).ToArray(), 24.80m, 5.32m);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            response.Write(writer);
        }

        Assert.Equal(expected, Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
