using Portal.Api.Features.Webhooks;

namespace Portal.UnitTests;

/// <summary>The API's signing against the Standard Webhooks specification's vector; the retry schedule's syntax.</summary>
public class WebhookSignerTests
{
    [Fact]
    public void Signing_reproduces_the_specifications_vector()
    {
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            WebhookSigner.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"));
    }

    [Fact]
    public void Two_secrets_give_two_space_separated_signatures()
    {
        var header = WebhookSigner.SignatureHeader(["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", WebhookSigner.NewSecret()], "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");
        var parts = header.Split(' ');
        Assert.Equal(2, parts.Length);
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", parts[0]);
    }

    [Fact]
    public void New_secrets_are_32_random_bytes_with_the_prefix()
    {
        var a = WebhookSigner.NewSecret();
        Assert.StartsWith("whsec_", a, StringComparison.Ordinal);
        Assert.Equal(32, WebhookSigner.KeyOf(a).Length);
        Assert.NotEqual(a, WebhookSigner.NewSecret());
    }

    [Fact]
    public void The_retry_schedule_reads_units_and_timespans_and_jitters_by_at_most_ten_percent()
    {
        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10)],
            RetrySchedule.Parse("5s,5m,30m,2h,5h,10h,10h"));
        Assert.Equal([TimeSpan.FromMilliseconds(300), TimeSpan.FromDays(1), TimeSpan.FromMinutes(1.5)], RetrySchedule.Parse("300ms, 1d, 00:01:30"));
        Assert.False(RetrySchedule.IsValid("5s,soon"));
        var random = new Random(7);
        for (var i = 0; i < 1000; i++)
        {
            var delay = RetrySchedule.DelayAfter(RetrySchedule.Parse("10s,100s"), 2, random);
            Assert.InRange(delay.TotalSeconds, 90, 110);
        }
        Assert.Equal(100, RetrySchedule.DelayAfter(RetrySchedule.Parse("10s,100s"), 9, new Random(1)).TotalSeconds, 10d); // beyond the schedule: its last delay
    }
}
