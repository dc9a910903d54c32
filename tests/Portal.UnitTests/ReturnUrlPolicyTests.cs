using Portal.Api.Features.Punchout;

namespace Portal.UnitTests;

public class ReturnUrlPolicyTests
{
    private static readonly string[] Prefixes = ["https://buyer.example/punchout", "http://localhost:5055/"];

    [Theory]
    [InlineData("https://buyer.example/punchout")]
    [InlineData("https://buyer.example/punchout/return?session=1")]
    [InlineData("https://BUYER.example/punchout/x")]
    [InlineData("http://localhost:5055/anything")]
    public void A_url_under_a_prefix_at_a_segment_boundary_is_allowed(string url) =>
        Assert.True(ReturnUrlPolicy.IsAllowed(url, Prefixes));

    [Theory]
    [InlineData("https://buyer.example.evil.test/punchout")]
    [InlineData("https://buyer.example/punchoutx")]
    [InlineData("http://buyer.example/punchout")]
    [InlineData("https://buyer.example:8443/punchout")]
    [InlineData("https://user@buyer.example/punchout")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/punchout")]
    [InlineData("")]
    [InlineData(null)]
    public void Look_alike_hosts_paths_schemes_and_ports_are_refused(string? url) =>
        Assert.False(ReturnUrlPolicy.IsAllowed(url, Prefixes));

    [Theory]
    [InlineData("https://buyer.example/return", true)]
    [InlineData("http://localhost:8080/", true)]
    [InlineData("http://buyer.example/return", false)]
    [InlineData("https://buyer.example/return?x=1", false)]
    [InlineData("https://u:p@buyer.example/", false)]
    [InlineData("not a url", false)]
    public void Only_https_prefixes_without_query_or_credentials_can_be_configured(string prefix, bool valid) =>
        Assert.Equal(valid, ReturnUrlPolicy.ValidatePrefix(prefix) is null);
}
