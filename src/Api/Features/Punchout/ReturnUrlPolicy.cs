namespace Portal.Api.Features.Punchout;

/// <summary>
/// Where a punchout cart may be posted back to. A BrowserFormPost URL is allowed when one of the account's
/// prefixes has the same scheme, host and port and its path is a prefix of the URL's path at a segment
/// boundary; a plain string prefix would let <c>https://buyer.example.evil.test</c> pass for
/// <c>https://buyer.example</c>.
/// </summary>
public static class ReturnUrlPolicy
{
    /// <summary>Why <paramref name="prefix"/> cannot be an allowed prefix, or null.</summary>
    public static string? ValidatePrefix(string? prefix)
    {
        if (string.IsNullOrWhiteSpace(prefix) || prefix.Length > 1000 || !Uri.TryCreate(prefix, UriKind.Absolute, out var uri))
        {
            return "An absolute URL (at most 1000 characters) is required.";
        }
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
        {
            return "The URL must use https (http only for localhost).";
        }
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return "A prefix has no query, fragment or user information.";
        }
        return null;
    }

    /// <summary>Whether <paramref name="url"/> starts with one of <paramref name="prefixes"/>.</summary>
    public static bool IsAllowed(string? url, IEnumerable<string> prefixes)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var target)
            || (target.Scheme != Uri.UriSchemeHttps && target.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(target.UserInfo))
        {
            return false;
        }
        foreach (var text in prefixes)
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var prefix))
            {
                continue;
            }
            if (!string.Equals(prefix.Scheme, target.Scheme, StringComparison.OrdinalIgnoreCase)
                || !string.Equals(prefix.IdnHost, target.IdnHost, StringComparison.OrdinalIgnoreCase)
                || prefix.Port != target.Port)
            {
                continue;
            }
            var prefixPath = prefix.AbsolutePath;
            var path = target.AbsolutePath;
            if (prefixPath == "/" || path.Equals(prefixPath, StringComparison.Ordinal)
                || (path.StartsWith(prefixPath, StringComparison.Ordinal) && (prefixPath.EndsWith('/') || path[prefixPath.Length] == '/')))
            {
                return true;
            }
        }
        return false;
    }
}
