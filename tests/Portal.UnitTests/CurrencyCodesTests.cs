using Portal.Punchout.Money;

namespace Portal.UnitTests;

public sealed class CurrencyCodesTests
{
    [Theory]
    [InlineData("EUR", "EUR")]
    [InlineData(" chf ", "CHF")]
    [InlineData("jpy", "JPY")]
    [InlineData("XOF", "XOF")]
    [InlineData("XCG", "XCG")]
    public void Currencies_are_taken_in_any_case_and_upper_cased(string value, string expected) =>
        Assert.Equal(expected, CurrencyCodes.Normalize(value));

    [Theory]
    [InlineData("ABC")] // three letters, no currency
    [InlineData("BTC")]
    [InlineData("XAU")] // gold
    [InlineData("XXX")] // "no currency"
    [InlineData("XTS")] // testing
    [InlineData("CHE")] // a fund code
    [InlineData("HRK")] // withdrawn (2023)
    [InlineData("EURO")]
    [InlineData("")]
    [InlineData(null)]
    public void Codes_goods_are_not_priced_in_are_refused(string? value) => Assert.Null(CurrencyCodes.Normalize(value));

    [Fact]
    public void Every_currency_with_other_minor_units_is_a_currency() =>
        Assert.All(["JPY", "KRW", "BHD", "KWD", "TND", "ISK", "VND"], code => Assert.True(CurrencyCodes.All.Contains(code), code));
}
