using System.Net;
using System.Text;
using Portal.Punchout.Cxml;
using Portal.Punchout.Tests;
using Portal.TestInfrastructure;

namespace Portal.Api.Tests.Punchout;

/// <summary>The cXML endpoint is limited per IP address before the (deliberately slow) secret check, and says so in cXML.</summary>
public sealed class CxmlRateLimitTests : IAsyncLifetime
{
    private readonly PortalApiFactory _api = new PortalApiFactory().With("Portal:RateLimit:CxmlPermitPerMinute", "3");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Requests_over_the_limit_get_429_with_a_transient_cxml_status()
    {
        using var client = _api.CreateClient();
        var codes = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last = await client.PostAsync("/punchout/cxml", new StringContent(PunchoutWorld.ProfileRequest("wrong-secret"), Encoding.UTF8, "text/xml"));
            codes.Add(last.StatusCode);
        }
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], codes);
        Assert.True(last!.Headers.RetryAfter is not null);
        var xml = await last.Content.ReadAsStringAsync();
        Assert.Empty(CxmlDtdValidator.Validate(xml));
        Assert.Equal(560, CxmlReader.Read(xml).Response!.Status.Code);
    }
}
