using System.Text;
using Portal.Api.Infrastructure.Idempotency;

namespace Portal.UnitTests;

public class RequestFingerprintTests
{
    private static string Canonical(string json)
    {
        Assert.True(RequestFingerprint.TryCanonical(Encoding.UTF8.GetBytes(json), out var canonical));
        return Encoding.UTF8.GetString(canonical);
    }

    [Fact]
    public void Property_order_and_white_space_do_not_change_the_canonical_form() =>
        Assert.Equal(
            Canonical("""{"b": [1, 2, {"y": true, "x": null}], "a": "ü"}"""),
            Canonical("""{ "a":"ü","b":[1,2,{"x":null,"y":true}] }"""));

    [Fact]
    public void Array_order_and_values_do_change_it()
    {
        Assert.NotEqual(Canonical("[1,2]"), Canonical("[2,1]"));
        Assert.NotEqual(Canonical("""{"quantity": 1}"""), Canonical("""{"quantity": 2}"""));
    }

    [Fact]
    public void Comments_and_trailing_commas_are_accepted_and_dropped() =>
        Assert.Equal("""{"a":1}""", Canonical("""{ /* note */ "a": 1, }"""));

    [Fact]
    public void Text_that_is_not_json_has_no_canonical_form() =>
        Assert.False(RequestFingerprint.TryCanonical(Encoding.UTF8.GetBytes("{\"a\":"), out _));
}
