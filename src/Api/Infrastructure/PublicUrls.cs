namespace Portal.Api.Infrastructure;

/// <summary>The absolute base URL of this Portal as the outside world reaches it.</summary>
public static class PublicUrls
{
    /// <summary><c>Portal:PublicBaseUrl</c> when set, else the scheme and host of the current request (behind forwarded headers).</summary>
    public static string Base(PortalOptions options, HttpContext? context)
    {
        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl))
        {
            return options.PublicBaseUrl.TrimEnd('/');
        }
        if (context is null)
        {
            return "http://localhost";
        }
        return $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}".TrimEnd('/');
    }
}
