using System.Text;
using Portal.Client.Webhooks;

namespace Portal.Client.Tests;

/// <summary>
/// The SDK's webhook verifier against the Standard Webhooks specification's test vector and the
/// reference libraries' test cases (tolerance 5 minutes, several signatures, unknown versions, secrets
/// with or without the whsec_ prefix), plus rotation and the typed payloads.
/// </summary>
public class WebhookVerifierTests
{
    // The specification's vector (standard-webhooks, libraries' "sign works" test).
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string MessageId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const string Body = "{\"test\": 2432232314}";
    private const long Timestamp = 1614265330;
    private const string ExpectedSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    private static WebhookVerifier Verifier(DateTimeOffset now, params string[] secrets) =>
        new(secrets.Length == 0 ? [Secret] : secrets, null, () => now);

    private static void Check(WebhookVerifier verifier, string? id = MessageId, string? timestamp = "1614265330", string? signature = ExpectedSignature, string body = Body) =>
        verifier.VerifySignature(Encoding.UTF8.GetBytes(body), id, timestamp, signature);

    [Fact]
    public void Signing_reproduces_the_specifications_vector()
    {
        Assert.Equal(ExpectedSignature, WebhookVerifier.Sign(Secret, MessageId, At, Body));
        Assert.Equal(ExpectedSignature, WebhookVerifier.Sign(Secret["whsec_".Length..], MessageId, At, Body)); // prefix optional
    }

    [Fact]
    public void The_vector_verifies_with_and_without_the_prefix()
    {
        Check(Verifier(At));
        Check(Verifier(At, Secret["whsec_".Length..]));
    }

    [Theory]
    [InlineData(null, "1614265330", ExpectedSignature)]
    [InlineData(MessageId, null, ExpectedSignature)]
    [InlineData(MessageId, "1614265330", null)]
    [InlineData(MessageId, "1614265330", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLawdd")] // the reference tests' bad signature
    [InlineData(MessageId, "1614265330", "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")] // right bytes, other scheme
    [InlineData(MessageId, "1614265330", "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")] // no version
    [InlineData("msg_other", "1614265330", ExpectedSignature)]
    [InlineData(MessageId, "1614265331", ExpectedSignature)]
    [InlineData(MessageId, "not-a-time", ExpectedSignature)]
    public void Missing_headers_and_wrong_signatures_are_refused(string? id, string? timestamp, string? signature)
    {
        Assert.Throws<WebhookVerificationException>(() => Check(Verifier(At), id, timestamp, signature));
    }

    [Fact]
    public void A_changed_body_is_refused()
    {
        Assert.Throws<WebhookVerificationException>(() => Check(Verifier(At), body: "{\"test\": 2432232315}"));
    }

    [Fact]
    public void Timestamps_beyond_five_minutes_either_way_are_refused()
    {
        Check(Verifier(At.AddSeconds(300)));
        Check(Verifier(At.AddSeconds(-300)));
        Assert.Throws<WebhookVerificationException>(() => Check(Verifier(At.AddSeconds(301))));  // too old
        Assert.Throws<WebhookVerificationException>(() => Check(Verifier(At.AddSeconds(-301)))); // from the future
    }

    [Fact]
    public void Any_matching_v1_signature_among_several_verifies()
    {
        var header = string.Join(" ", "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", ExpectedSignature, "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=");
        Check(Verifier(At), signature: header);
    }

    [Fact]
    public void During_a_rotation_either_secret_verifies()
    {
        const string newSecret = "whsec_" + "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
        var byNewOnly = WebhookVerifier.Sign(newSecret, MessageId, At, Body);
        Check(Verifier(At, newSecret, Secret), signature: byNewOnly);
        Check(Verifier(At, newSecret, Secret)); // an old-secret signature still verifies
        Assert.Throws<WebhookVerificationException>(() => Check(Verifier(At, newSecret)));
    }

    [Fact]
    public void Verify_returns_the_typed_event()
    {
        const string body = """
            {"id":"evt_0190","type":"order.submitted","timestamp":"2026-12-04T10:00:00+00:00","customerId":"019aeb0a-1111-7000-8000-000000000001",
             "data":{"orderId":"019aeb0a-2222-7000-8000-000000000002","number":"SO-2026-0000042","status":"submitted","customerReference":"PO-1",
             "requesterId":null,"orgUnitId":null,"currency":"EUR","total":123.45,"source":"api",
             "lines":[{"position":1,"sku":"FAS-1001","description":"Screw","quantity":12,"unit":"PCE","unitPrice":10.2875,"lineTotal":123.45,"costCenterCode":"CC-1"}],
             "createdAt":"2026-12-04T10:00:00+00:00"}}
            """;
        var now = DateTimeOffset.UtcNow;
        var signature = WebhookVerifier.Sign(Secret, "evt_0190", now, body);
        var verifier = new WebhookVerifier(Secret);
        var received = verifier.Verify(body, new Dictionary<string, string>
        {
            ["Webhook-Id"] = "evt_0190",
            ["Webhook-Timestamp"] = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Webhook-Signature"] = signature,
        });
        Assert.Equal(WebhookEventTypes.OrderSubmitted, received.Type);
        var order = received.GetData<OrderSubmittedEvent>();
        Assert.Equal("SO-2026-0000042", order.Number);
        Assert.Equal(123.45m, order.Total);
        Assert.Equal(10.2875m, order.Lines[0].UnitPrice);
        Assert.False(verifier.TryVerify(body + " ", "evt_0190", now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), signature, out _));
    }
}
