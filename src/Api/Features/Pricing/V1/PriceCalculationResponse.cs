namespace Portal.Api.Features.Pricing.V1;

/// <summary>
/// The answer of <c>POST /api/v1/price-calculations</c>: a <see cref="PriceCalculationResult"/> whose lines
/// are already serialised (<see cref="RenderedLine"/>), written as the same JSON MVC would write for the
/// result (same names, order and number formatting; <c>PriceCalculationResponseTests</c> compares them
/// byte for byte).
/// </summary>
internal sealed class PriceCalculationResponse(string currency, DateOnly date, IReadOnlyList<RenderedLine> lines, decimal total, decimal saving)
    : IActionResult
{

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        await using (var writer = new Utf8JsonWriter(response.BodyWriter))
        {
            Write(writer);
        }
        await response.BodyWriter.FlushAsync(context.HttpContext.RequestAborted);
    }

    /// <summary>The whole answer, as <see cref="JsonSerializer"/> writes a <see cref="PriceCalculationResult"/> with web defaults.</summary>
    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("currency", currency);
        writer.WritePropertyName("date");
        JsonSerializer.Serialize(writer, date, PricingJsonContext.Default.DateOnly);
        writer.WriteStartArray("lines");
        foreach (var line in lines)
        {
            writer.WriteRawValue(line.Json, skipInputValidation: true);
        }
        writer.WriteEndArray();
        writer.WriteNumber("total", total);
        writer.WriteNumber("saving", saving);
        writer.WriteEndObject();
    }
}
