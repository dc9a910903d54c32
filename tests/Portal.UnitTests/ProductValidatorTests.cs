using Portal.Api.Features.Catalog;
using Portal.Api.Infrastructure.Problems;

namespace Portal.UnitTests;

public class ProductValidatorTests
{
    private static ProductInput Valid => new() { Name = "Hex bolt M8", Category = "fasteners", Unit = "bx", Gtin = "4006381333931", Unspsc = "31161500" };

    [Fact]
    public void Normalises_a_valid_product()
    {
        var errors = new ValidationErrors();
        var result = ProductValidator.Validate(Valid, errors);
        Assert.True(errors.IsEmpty);
        Assert.NotNull(result);
        Assert.Equal("BX", result.Unit);
        Assert.Equal("04006381333931", result.Gtin);
        Assert.Equal(1m, result.PackSize);
    }

    [Fact]
    public void Reports_every_bad_field_under_its_path()
    {
        var errors = new ValidationErrors();
        var input = Valid with
        {
            Name = "",
            Category = "Fasteners & More",
            Unit = "each",
            Gtin = "4006381333932",
            Unspsc = "3116",
            PackSize = 0,
            LeadTimeDays = 400,
            Attachments = [new AttachmentDto("brochure", "", "ftp://x")],
        };
        Assert.Null(ProductValidator.Validate(input, errors, "products[2]."));
        var keys = errors.ToDictionary().Keys;
        Assert.Equal(
            new[]
            {
                "products[2].name", "products[2].category", "products[2].gtin", "products[2].unit", "products[2].unspsc",
                "products[2].packSize", "products[2].leadTimeDays", "products[2].attachments[0].kind",
                "products[2].attachments[0].title", "products[2].attachments[0].url",
            }.Order(),
            keys.Order());
    }

    [Theory]
    [InlineData("FAS-1001", true)]
    [InlineData("a.b_c-1", true)]
    [InlineData("-leading", false)]
    [InlineData("has space", false)]
    [InlineData("slash/sku", false)]
    [InlineData("", false)]
    public void Sku_format(string sku, bool valid) => Assert.Equal(valid, ProductValidator.IsValidSku(sku));
}
