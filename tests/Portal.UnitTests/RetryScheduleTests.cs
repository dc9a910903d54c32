using Portal.Api.Features.Webhooks;

namespace Portal.UnitTests;

public class RetryScheduleTests
{
    [Fact]
    public void Units_and_time_spans_parse_to_the_delays_they_name()
    {
        var delays = RetrySchedule.Parse("500ms, 5s,5m , 2h,1d,00:10:00");

        Assert.Equal(
            [TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromHours(2), TimeSpan.FromDays(1), TimeSpan.FromMinutes(10)],
            delays);
    }

    [Theory]
    [InlineData("5x")]
    [InlineData("soon")]
    [InlineData("5s,-1s")]
    public void A_schedule_with_a_part_that_is_no_positive_duration_is_not_valid(string schedule) =>
        Assert.False(RetrySchedule.IsValid(schedule));

    [Fact]
    public void A_delay_gets_at_most_ten_percent_jitter_and_the_last_delay_repeats()
    {
        var delays = RetrySchedule.Parse("10s,100s");
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var first = RetrySchedule.DelayAfter(delays, 1, random);
            Assert.InRange(first, TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(11));
            var late = RetrySchedule.DelayAfter(delays, 9, random);
            Assert.InRange(late, TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(110));
        }
        Assert.Equal(TimeSpan.Zero, RetrySchedule.DelayAfter([], 1, random));
    }
}
