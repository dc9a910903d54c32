using System.Diagnostics;

namespace Portal.Api.Infrastructure.Problems;

public static class ProblemDetailsSetup
{
    /// <summary>
    /// Every error leaves as application/problem+json with a stable type, the request id and never a stack
    /// trace: exceptions through <see cref="ProblemExceptionHandler"/>, empty error responses (401, 403,
    /// unmatched routes, MVC's client errors such as a 415) through the status-code pages, model-binding failures through the
    /// InvalidModelStateResponseFactory.
    /// </summary>
    public static IServiceCollection AddPortalProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            problem.Status = status;
            var (type, title) = ProblemTypes.ForStatus(status);
            if (string.IsNullOrEmpty(problem.Type) || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal) || problem.Type == "about:blank")
            {
                problem.Type = type;
                if (problem.Title is null || problem.Title == ReasonPhrase(status))
                {
                    problem.Title = title;
                }
            }
            problem.Title ??= title;
            problem.Detail ??= AuthProblemDetails.Describe(context.HttpContext, status) ?? MediaTypeDetail(context.HttpContext.Request, status);
            problem.Instance ??= context.HttpContext.Request.Path;
            problem.Extensions.Remove("exception");
            problem.Extensions["requestId"] = context.HttpContext.TraceIdentifier;
            problem.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // The documented error answers of every action carry their problem type in the API description.
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(options => options.Conventions.Add(ProblemResponsesConvention.For(typeof(ProblemDetailsSetup).Assembly)));
        services.PostConfigure<ApiBehaviorOptions>(options =>
        {
            // A result that writes through IProblemDetailsService, so [Produces] on a controller cannot
            // turn the problem into application/json.
            options.InvalidModelStateResponseFactory = context => new ProblemResult(RequestBodyProblems.From(context.ModelState));
            // MVC's own client errors (a 415 for a body in a media type the action does not read, NotFound())
            // leave as bare status codes that the status-code pages write as problems: mapped to a ProblemDetails
            // object by MVC, [Produces("application/json")] made them application/json.
            options.SuppressMapClientErrors = true;
        });
        return services;
    }

    private sealed class ProblemResult(ProblemDetails problem) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            context.HttpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
            await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>()
                .WriteAsync(new ProblemDetailsContext { HttpContext = context.HttpContext, ProblemDetails = problem });
        }
    }

    /// <summary>What a 415 (a body in a media type or charset the operation does not read) should have been.</summary>
    internal static string? MediaTypeDetail(HttpRequest request, int status)
    {
        if (status != StatusCodes.Status415UnsupportedMediaType)
        {
            return null;
        }
        var given = request.ContentType;
        if (string.IsNullOrWhiteSpace(given))
        {
            return "The request has a body but no Content-Type: send JSON as application/json (UTF-8), and CSV as text/csv where the operation reads it.";
        }
        // The header is the caller's own text: echoed printable and short.
        var shown = new string(given.Where(c => c >= ' ' && c < '\u007f').Take(100).ToArray());
        return Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(given, out var media)
               && media.MediaType.Value is { } type && (type.EndsWith("/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
               && media.Charset.HasValue
            ? $"JSON is read as UTF-8 (RFC 8259), not as '{media.Charset.Value}': send the body in UTF-8 as application/json, without a charset or with charset=utf-8."
            : $"This operation does not read a body of the type '{shown}': JSON bodies are sent as application/json (UTF-8), CSV uploads as text/csv, as the operation's requestBody in the API document lists.";
    }

    private static string? ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
