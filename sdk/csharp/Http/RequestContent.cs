namespace Portal.Client.Http;

/// <summary>Makes a request's body safe to send more than once (for a retry).</summary>
internal static class RequestContent
{
    /// <summary>Bodies larger than this are sent once and never retried, rather than held in memory.</summary>
    internal const long MaxBufferedBytes = 64L * 1024 * 1024;

    /// <summary>
    /// True when the request can be sent again: it has no body, or its body is (now) buffered in memory.
    /// </summary>
    public static async Task<bool> TryMakeReplayableAsync(HttpRequestMessage request)
    {
        var content = request.Content;
        if (content is null || content is ByteArrayContent)
        {
            // ByteArrayContent (and StringContent, FormUrlEncodedContent) serializes from its array every time.
            return true;
        }
        if (content.Headers.ContentLength is > MaxBufferedBytes)
        {
            return false;
        }
        await content.LoadIntoBufferAsync().ConfigureAwait(false);
        return true;
    }
}
