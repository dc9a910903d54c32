namespace Portal.Api.Hosting.Benchmark;

/// <summary>
/// The load script's yardstick (docs/performance.md): an endpoint in the same process that reads the
/// request body and answers fixed bytes, so the price endpoint's throughput can be compared with what
/// the host alone serves. Mapped only when <c>Portal:Benchmark:BareEndpoint</c> is true — never by default.
/// </summary>
public static class BareEndpoint
{
    private static byte[] _body = "{}"u8.ToArray();

    public static IEndpointRouteBuilder MapBenchmarkEndpoints(this IEndpointRouteBuilder endpoints, IConfiguration configuration)
    {
        if (!configuration.GetValue("Portal:Benchmark:BareEndpoint", false))
        {
            return endpoints;
        }
        // PUT sets the bytes (the load script stores a real 50-line price answer); POST returns them.
        endpoints.MapPut("/bench/bare", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            _body = buffer.ToArray();
            return Results.NoContent();
        }).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapPost("/bench/bare", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.Body.WriteAsync(_body);
        }).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }
}
