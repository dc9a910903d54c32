// POST / (any path) reads the request body and answers the bytes of the file named by PORTAL_BENCH_ANSWER
// (the price endpoint's answer to the same request), as application/json. Nothing else: the yardstick of
// bench/run.sh's "price vs minimal app" ratio. Run with --urls http://127.0.0.1:PORT.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var answer = await File.ReadAllBytesAsync(Environment.GetEnvironmentVariable("PORTAL_BENCH_ANSWER")
    ?? throw new InvalidOperationException("PORTAL_BENCH_ANSWER names the file with the answer bytes."));
app.MapPost("/{**path}", async (HttpContext context) =>
{
    var body = context.Request.BodyReader;
    while (true)
    {
        var read = await body.ReadAsync(context.RequestAborted);
        body.AdvanceTo(read.Buffer.End);
        if (read.IsCompleted)
        {
            break;
        }
    }
    context.Response.ContentType = "application/json; charset=utf-8";
    context.Response.ContentLength = answer.Length;
    await context.Response.Body.WriteAsync(answer, context.RequestAborted);
});
app.Run();
