using Portal.Api.Features.Pricing;

namespace Portal.UnitTests;

public class QuantitiesTests
{
    [Theory]
    [InlineData("1")]
    [InlineData("0.001")]
    [InlineData("12.5")]
    [InlineData("1000000")]
    public void A_positive_quantity_with_at_most_three_decimals_up_to_a_million_is_valid(string quantity) =>
        Assert.Null(Quantities.Check(decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("0", "greater than 0")]
    [InlineData("-1", "greater than 0")]
    [InlineData("1000000.001", "at most 1,000,000")]
    [InlineData("0.0001", "at most 3 decimals")]
    public void Other_quantities_are_refused_with_the_rule_they_break(string quantity, string message) =>
        Assert.Contains(message, Quantities.Check(decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture)), StringComparison.Ordinal);
}
