namespace Portal.Punchout.Cxml;

/// <summary>Builds the response documents a cXML endpoint answers with.</summary>
public static class CxmlResponses
{
    /// <summary>A Response with only <paramref name="status"/> (an error, or a plain 200 for an OrderRequest).</summary>
    /// <param name="status">The status to answer with.</param>
    /// <param name="host">The host used in the new payload id.</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public static CxmlDocument Status(CxmlStatus status, string host, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(status);
        return Create(new CxmlResponse(status), host, time);
    }

    /// <summary>A Response with status 200 OK and <paramref name="body"/> (PunchOutSetupResponse, ProfileResponse).</summary>
    /// <param name="body">The response body.</param>
    /// <param name="host">The host used in the new payload id.</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public static CxmlDocument WithBody(CxmlResponseBody body, string host, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Create(new CxmlResponse(CxmlStatus.Ok, body), host, time);
    }

    private static CxmlDocument Create(CxmlResponse response, string host, TimeProvider? time)
    {
        var clock = time ?? TimeProvider.System;
        var now = clock.GetUtcNow();
        return new CxmlDocument
        {
            PayloadId = CxmlPayloadId.New(host, clock),
            Timestamp = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero),
            Version = CxmlVersion.Current,
            Lang = "en-US",
            Response = response,
        };
    }
}
