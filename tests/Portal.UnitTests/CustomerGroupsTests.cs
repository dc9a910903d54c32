using Portal.Api.Features.Catalog;

namespace Portal.UnitTests;

/// <summary>The restriction test on the pricing hot path: a product restricted to groups is allowed for an account in one of them.</summary>
public sealed class CustomerGroupsTests
{
    [Theory]
    [InlineData(null, "industry", null, true)]
    [InlineData(",regulated,", "industry", null, false)]
    [InlineData(",regulated,", "Regulated", null, true)]
    [InlineData(",healthcare,regulated,", "industry", ",regulated,", true)]
    [InlineData(",regulated,", "industry", ",regulated-lite,", false)]
    [InlineData(",lab,", "industry", ",a,lab,zz,", true)]
    [InlineData(",lab,", "industry", ",a,labs,zz,", false)]
    public void Allows_an_account_in_one_of_the_groups(string? restricted, string customerGroup, string? groups, bool allowed) =>
        Assert.Equal(allowed, CustomerGroups.Allows(restricted, customerGroup, groups));

    [Fact]
    public void Stores_sorted_distinct_lower_case_codes_wrapped_in_commas() =>
        Assert.Equal(",lab,regulated,", CustomerGroups.Store(["Regulated", " lab ", "regulated"]));
}
