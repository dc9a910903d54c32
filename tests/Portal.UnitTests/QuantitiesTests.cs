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

    [Theory]
    [InlineData("2", "BX")]
    [InlineData("2.000", "EA")]
    [InlineData("2.5", "LTR")]
    [InlineData("0.125", "KGM")]
    [InlineData("1.5", null)]
    public void Counted_units_take_whole_numbers_and_other_units_decimals(string quantity, string? unit) =>
        Assert.Null(Quantities.Check(decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture), unit));

    [Theory]
    [InlineData("0.5", "BX")]
    [InlineData("2.5", "EA")]
    [InlineData("1.001", "PCE")]
    [InlineData("3.5", "PR")]
    public void A_fraction_of_a_counted_unit_is_refused_naming_the_unit(string quantity, string unit) =>
        Assert.Equal($"The quantity must be a whole number: the product is sold in whole units ({unit}).",
            Quantities.Check(decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture), unit));

    [Fact]
    public void The_general_rules_come_first() =>
        Assert.Contains("greater than 0", Quantities.Check(0m, "EA"), StringComparison.Ordinal);
}
