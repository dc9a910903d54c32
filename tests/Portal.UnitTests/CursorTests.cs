using Portal.Api.Infrastructure.Paging;
using Portal.Api.Infrastructure.Problems;

namespace Portal.UnitTests;

public class CursorTests
{
    [Fact]
    public void Round_trips_a_key() => Assert.Equal("FAS-1001", Cursor.Decode(Cursor.Encode("FAS-1001")));

    [Theory]
    [InlineData("not a cursor")]
    [InlineData("Zm9v")] // base64url of "foo": not one of ours
    public void Rejects_foreign_cursors(string cursor)
    {
        var ex = Assert.Throws<RequestValidationException>(() => Cursor.Decode(cursor));
        Assert.Contains("cursor", ex.Errors.Keys);
    }

    [Theory]
    [InlineData(null, 50)]
    [InlineData(1, 1)]
    [InlineData(200, 200)]
    public void Limits_page_size(int? requested, int expected) => Assert.Equal(expected, Cursor.Limit(requested));

    [Theory]
    [InlineData(0)]
    [InlineData(201)]
    public void Rejects_page_sizes_out_of_range(int requested) =>
        Assert.Throws<RequestValidationException>(() => Cursor.Limit(requested));
}
