namespace Portal.Api.Infrastructure.Concurrency;

/// <summary>Gives the request's <see cref="EntityTags"/> its <c>If-Match</c> header and its response.</summary>
public sealed class EntityTagsMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, EntityTags tags)
    {
        tags.Bind(context);
        return next(context);
    }
}
